// Stand-in for hudson.model.TaskListener from org.jenkins-ci.main:jenkins-core:2.541.3.
// Not mirrored: annotate(ConsoleNote) (console notes are not mirrored; hyperlink prints the text only).
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.ProtectedExternally;

/** Receives events that happen during some lengthy operation that has some chance of failures, such as a build. */
public interface TaskListener extends SerializableOnlyOverRemoting {
    /** This writer will receive the output of the build. */
    @NonNull
    PrintStream getLogger();

    @NonNull
    @Restricted(ProtectedExternally.class)
    default Charset getCharset() {
        return StandardCharsets.UTF_8;
    }

    default void hyperlink(String url, String text) throws IOException {
        getLogger().print(text);
    }

    /** An error in the build. */
    @NonNull
    default PrintWriter error(String msg) {
        PrintStream out = getLogger();
        out.print("ERROR: ");
        out.println(msg);
        return new PrintWriter(new java.io.OutputStreamWriter(out, getCharset()), true);
    }

    /** String.format version of {@link #error(String)}. */
    @NonNull
    default PrintWriter error(String format, Object... args) {
        return error(String.format(format, args));
    }

    /** A fatal error in the build. */
    @NonNull
    default PrintWriter fatalError(String msg) {
        PrintStream out = getLogger();
        out.print("FATAL: ");
        out.println(msg);
        return new PrintWriter(new java.io.OutputStreamWriter(out, getCharset()), true);
    }

    @NonNull
    default PrintWriter fatalError(String format, Object... args) {
        return fatalError(String.format(format, args));
    }

    /** {@link TaskListener} that discards the output. */
    TaskListener NULL = new TaskListener() {
        private static final long serialVersionUID = 1L;
        private final transient PrintStream nul = new PrintStream(OutputStream.nullOutputStream());

        @NonNull
        @Override
        public PrintStream getLogger() {
            return nul;
        }
    };
}
