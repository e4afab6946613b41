// Stand-in for org.jenkinsci.remoting.SerializableOnlyOverRemoting from org.jenkins-ci.main:remoting:3352.v17a_fb_4b_2773f.
// Not mirrored: the default getChannelForSerDes() (returns hudson.remoting.Channel, which is not mirrored).
package org.jenkinsci.remoting;

import java.io.Serializable;

/** Objects that are {@link Serializable} only for sending over the Remoting channel. */
public interface SerializableOnlyOverRemoting extends Serializable {
}
