// Stand-in for hudson.remoting.RemoteOutputStream from org.jenkins-ci.main:remoting:3352.v17a_fb_4b_2773f
// (src/main/java/hudson/remoting/RemoteOutputStream.java): same constructor and delegation.
package hudson.remoting;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import java.io.OutputStream;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

/**
 * {@link OutputStream} that can be sent over to the remote {@link Channel}, so that the remote {@link Callable} can
 * write to a local {@link OutputStream}. Stand-in: both ends are this JVM, so it only delegates; Remoting exports
 * {@code core} when it is serialized and the other side writes through a proxy (a test channel keeps its identity).
 */
public final class RemoteOutputStream extends OutputStream implements SerializableOnlyOverRemoting {
    private transient OutputStream core;

    public RemoteOutputStream(OutputStream core) {
        if (core == null) {
            throw new IllegalArgumentException();
        }
        this.core = core;
    }

    private static final long serialVersionUID = 1L;

    @Override
    public void write(int b) throws IOException {
        core.write(b);
    }

    @Override
    public void write(@NonNull byte[] b) throws IOException {
        core.write(b);
    }

    @Override
    public void write(@NonNull byte[] b, int off, int len) throws IOException {
        core.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        core.flush();
    }

    @Override
    public void close() throws IOException {
        core.close();
    }
}
