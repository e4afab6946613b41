// Stand-in for hudson.remoting.VirtualChannel from org.jenkins-ci.main:remoting:3352.v17a_fb_4b_2773f.
package hudson.remoting;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import java.io.IOException;

/** Virtualized Channel that allows different implementations. */
public interface VirtualChannel {
    <V, T extends Throwable> V call(Callable<V, T> callable) throws IOException, T, InterruptedException;

    <V, T extends Throwable> Future<V> callAsync(Callable<V, T> callable) throws IOException;

    void close() throws IOException;

    void join() throws InterruptedException;

    void join(long timeout) throws InterruptedException;

    @Nullable
    <T> T export(Class<T> intf, @CheckForNull T instance);

    void syncLocalIO() throws InterruptedException;
}
