// Stand-in for hudson.remoting.Callable from org.jenkins-ci.main:remoting:3352.v17a_fb_4b_2773f.
// Not mirrored: the defaults getChannelOrFail()/getOpenChannelOrFail() (they return hudson.remoting.Channel).
package hudson.remoting;

import java.io.Serializable;
import org.jenkinsci.remoting.RoleSensitive;

/** Represents computation to be done on a remote system. */
public interface Callable<V, T extends Throwable> extends Serializable, RoleSensitive {
    V call() throws T;
}
