// Stand-in for hudson.util.StreamTaskListener from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package hudson.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.TaskListener;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/** {@link TaskListener} that generates output into a single stream. */
public class StreamTaskListener implements TaskListener, Closeable {
    private static final long serialVersionUID = 1L;

    @NonNull
    private final transient PrintStream out;
    @CheckForNull
    private final transient Charset charset;

    @Deprecated
    public StreamTaskListener(@NonNull PrintStream out) {
        this(out, null);
    }

    @Deprecated
    public StreamTaskListener(@NonNull OutputStream out) {
        this(out, null);
    }

    public StreamTaskListener(@NonNull OutputStream out, @CheckForNull Charset charset) {
        try {
            this.out = out instanceof PrintStream && charset == null ? (PrintStream) out
                    : new PrintStream(out, false, charset != null ? charset.name() : Charset.defaultCharset().name());
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalArgumentException(e);
        }
        this.charset = charset;
    }

    public static StreamTaskListener fromStdout() {
        return new StreamTaskListener(System.out, Charset.defaultCharset());
    }

    public static StreamTaskListener fromStderr() {
        return new StreamTaskListener(System.err, Charset.defaultCharset());
    }

    @Override
    public PrintStream getLogger() {
        return out;
    }

    @Override
    public Charset getCharset() {
        return charset != null ? charset : Charset.defaultCharset();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
