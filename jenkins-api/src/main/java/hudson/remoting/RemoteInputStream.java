// Stand-in for hudson.remoting.RemoteInputStream from org.jenkins-ci.main:remoting:3352.v17a_fb_4b_2773f
// (src/main/java/hudson/remoting/RemoteInputStream.java): same constructors, Flag enum and delegation.
package hudson.remoting;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Set;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

/**
 * Wraps {@link InputStream} so that it can be sent over the remoting channel. Stand-in: both ends are this JVM, so
 * it only delegates; Remoting exports {@code core} (or, with {@link Flag#GREEDY}, pumps it into a pipe) when it is
 * serialized.
 */
public class RemoteInputStream extends InputStream implements SerializableOnlyOverRemoting {
    private transient InputStream core;
    private final boolean autoUnexport;
    private final boolean greedy;

    /** @deprecated as of 2.35; use {@link #RemoteInputStream(InputStream, Flag)}. */
    @Deprecated
    public RemoteInputStream(InputStream core) {
        this(core, RemoteInputStream.Flag.NOT_GREEDY);
    }

    /** @deprecated as of 2.35; use {@link #RemoteInputStream(InputStream, Flag, Flag)}. */
    @Deprecated
    public RemoteInputStream(InputStream core, boolean autoUnexport) {
        this(core, RemoteInputStream.Flag.NOT_GREEDY,
                autoUnexport ? RemoteInputStream.Flag.NOT_GREEDY : RemoteInputStream.Flag.MANUAL_UNEXPORT);
    }

    public RemoteInputStream(InputStream core, Flag f) {
        this(core, EnumSet.of(f));
    }

    public RemoteInputStream(InputStream core, Flag f1, Flag f2) {
        this(core, EnumSet.of(f1, f2));
    }

    public RemoteInputStream(InputStream core, Set<Flag> flags) {
        this.core = core;
        greedy = flags.contains(RemoteInputStream.Flag.GREEDY);
        autoUnexport = !flags.contains(RemoteInputStream.Flag.MANUAL_UNEXPORT);
    }

    private static final long serialVersionUID = 1L;

    public enum Flag {
        /** Greedily drain the wrapped stream and push the data to the other side. */
        GREEDY,
        /** Explicitly not greedy. */
        NOT_GREEDY,
        /** Not unexported automatically when the callable that took it returns. */
        MANUAL_UNEXPORT
    }

    @Override
    public int read() throws IOException {
        return core.read();
    }

    @Override
    public int read(@NonNull byte[] b) throws IOException {
        return core.read(b);
    }

    @Override
    public int read(@NonNull byte[] b, int off, int len) throws IOException {
        return core.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        return core.skip(n);
    }

    @Override
    public int available() throws IOException {
        return core.available();
    }

    @Override
    public void close() throws IOException {
        core.close();
    }
}
