// Stand-in for hudson.Proc from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** External process wrapper. */
public abstract class Proc {
    protected Proc() {
    }

    /** Checks if the process is still alive. */
    public abstract boolean isAlive() throws IOException, InterruptedException;

    /** Terminates the process. */
    public abstract void kill() throws IOException, InterruptedException;

    /** Waits for the completion of the process; returns the exit code. */
    public abstract int join() throws IOException, InterruptedException;

    /** Returns an {@link InputStream} to read from the stdout of the child process, when {@code readStdout()} was used. */
    @CheckForNull
    public abstract InputStream getStdout();

    /** Returns an {@link InputStream} to read from the stderr of the child process, when {@code readStderr()} was used. */
    @CheckForNull
    public abstract InputStream getStderr();

    /** Returns an {@link OutputStream} to write to the stdin of the child process, when {@code writeStdin()} was used. */
    @CheckForNull
    public abstract OutputStream getStdin();
}
