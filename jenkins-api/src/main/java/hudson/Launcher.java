// Stand-in for hudson.Launcher from org.jenkins-ci.main:jenkins-core:2.541.3 (subset; with ProcStarter, LocalLauncher, RemoteLauncher and DecoratedLauncher).
package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Starts a process. Stand-in: {@link LocalLauncher} really runs the command on this machine (as in Jenkins), printing
 * {@code $ cmd} with masked arguments as {@code ********} unless quiet; a launcher has no remote variant here.
 */
public abstract class Launcher {
    @NonNull
    protected final TaskListener listener;

    @CheckForNull
    protected final VirtualChannel channel;

    protected Launcher(@NonNull TaskListener listener, @CheckForNull VirtualChannel channel) {
        this.listener = listener;
        this.channel = channel;
    }

    protected Launcher(@NonNull Launcher launcher) {
        this(launcher.listener, launcher.channel);
    }

    public @CheckForNull VirtualChannel getChannel() {
        return channel;
    }

    public @NonNull TaskListener getListener() {
        return listener;
    }

    /** Stand-in: always null. */
    @Deprecated
    public @CheckForNull Computer getComputer() {
        return null;
    }

    @NonNull
    public final ProcStarter launch() {
        return new ProcStarter();
    }

    /** Primarily invoked from {@link ProcStarter#start()} to start a process with a specific launcher. */
    public abstract Proc launch(@NonNull ProcStarter starter) throws IOException;

    /** Returns true if this {@link Launcher} is going to launch on Unix. */
    public boolean isUnix() {
        return File.pathSeparatorChar == ':';
    }

    /** Kills the processes carrying the given model environment variables; a no-op in the stand-in. */
    public abstract void kill(Map<String, String> modelEnvVars) throws IOException, InterruptedException;

    /** Returns a decorated {@link Launcher} for the given node. Stand-in: no decorators are registered. */
    public final @NonNull Launcher decorateFor(@NonNull Node node) {
        return this;
    }

    /** Prints out the command line to the listener so that users know what we are doing. */
    protected final void printCommandLine(@NonNull String[] cmd, @CheckForNull FilePath workDir) {
        StringBuilder buf = new StringBuilder();
        if (workDir != null) {
            buf.append('[').append(workDir.getRemote().replaceFirst("^.+[/\\\\]", "")).append("] ");
        }
        buf.append('$');
        for (String c : cmd) {
            buf.append(' ');
            if (c.indexOf(' ') >= 0) {
                if (c.indexOf('"') >= 0) {
                    buf.append('\'').append(c).append('\'');
                } else {
                    buf.append('"').append(c).append('"');
                }
            } else {
                buf.append(c);
            }
        }
        listener.getLogger().println(buf);
        listener.getLogger().flush();
    }

    /** Like {@link #printCommandLine(String[], FilePath)} but masks the arguments whose mask flag is set. */
    protected final void maskedPrintCommandLine(@NonNull List<String> cmd, @CheckForNull boolean[] mask, @CheckForNull FilePath workDir) {
        if (mask == null) {
            printCommandLine(cmd.toArray(new String[0]), workDir);
            return;
        }
        String[] masked = new String[cmd.size()];
        for (int i = 0; i < cmd.size(); i++) {
            masked[i] = i < mask.length && mask[i] ? "********" : cmd.get(i);
        }
        printCommandLine(masked, workDir);
    }

    /** Builder pattern for configuring a process to launch. */
    public final class ProcStarter {
        protected List<String> commands;
        @CheckForNull
        protected boolean[] masks;
        private boolean quiet;
        @CheckForNull
        protected FilePath pwd;
        @CheckForNull
        protected OutputStream stdout;
        @CheckForNull
        protected OutputStream stderr;
        @CheckForNull
        protected InputStream stdin;
        @CheckForNull
        protected String[] envs;
        protected boolean reverseStdin;
        protected boolean reverseStdout;
        protected boolean reverseStderr;

        public ProcStarter cmds(String... args) {
            return cmds(Arrays.asList(args));
        }

        public ProcStarter cmds(File program, String... args) {
            List<String> all = new ArrayList<>();
            all.add(program.getPath());
            all.addAll(Arrays.asList(args));
            return cmds(all);
        }

        public ProcStarter cmds(List<String> args) {
            commands = new ArrayList<>(args);
            return this;
        }

        public ProcStarter cmdAsSingleString(String s) {
            return cmds(s.split("\\s+"));
        }

        public List<String> cmds() {
            return commands;
        }

        /** Hide parts of the command line from being printed to the log. */
        public ProcStarter masks(@CheckForNull boolean... masks) {
            this.masks = masks;
            return this;
        }

        @CheckForNull
        public boolean[] masks() {
            return masks;
        }

        /** Allows {@link #maskedPrintCommandLine(List, boolean[], FilePath)} to be suppressed. */
        public ProcStarter quiet(boolean quiet) {
            this.quiet = quiet;
            return this;
        }

        public boolean quiet() {
            return quiet;
        }

        public ProcStarter pwd(@CheckForNull FilePath workDir) {
            this.pwd = workDir;
            return this;
        }

        public ProcStarter pwd(@NonNull File workDir) {
            return pwd(new FilePath(workDir));
        }

        public ProcStarter pwd(@NonNull String workDir) {
            return pwd(new File(workDir));
        }

        @CheckForNull
        public FilePath pwd() {
            return pwd;
        }

        public ProcStarter stdout(@CheckForNull OutputStream out) {
            this.stdout = out;
            return this;
        }

        public ProcStarter stdout(@NonNull TaskListener out) {
            return stdout(out.getLogger());
        }

        @CheckForNull
        public OutputStream stdout() {
            return stdout;
        }

        public ProcStarter stderr(@CheckForNull OutputStream err) {
            this.stderr = err;
            return this;
        }

        @CheckForNull
        public OutputStream stderr() {
            return stderr;
        }

        @NonNull
        public ProcStarter stdin(@CheckForNull InputStream in) {
            this.stdin = in;
            return this;
        }

        @CheckForNull
        public InputStream stdin() {
            return stdin;
        }

        /** Sets the environment variable overrides. */
        public ProcStarter envs(@NonNull Map<String, String> overrides) {
            List<String> kv = new ArrayList<>();
            for (Map.Entry<String, String> e : overrides.entrySet()) {
                kv.add(e.getKey() + "=" + e.getValue());
            }
            this.envs = kv.toArray(new String[0]);
            return this;
        }

        /** @param overrides list of "NAME=VALUE" */
        public ProcStarter envs(@CheckForNull String... overrides) {
            this.envs = overrides == null ? null : overrides.clone();
            return this;
        }

        @NonNull
        public String[] envs() {
            return envs == null ? new String[0] : envs.clone();
        }

        /** Indicates that the caller will pump {@code stdout} from the child process via {@link Proc#getStdout()}. */
        public ProcStarter readStdout() {
            reverseStdout = true;
            stdout = null;
            return this;
        }

        /** Indicates that the caller will pump {@code stderr} from the child process via {@link Proc#getStderr()}. */
        public ProcStarter readStderr() {
            reverseStderr = true;
            stderr = null;
            return this;
        }

        /** Indicates that the caller will directly write to the child process {@code stdin} via {@link Proc#getStdin()}. */
        public ProcStarter writeStdin() {
            reverseStdin = true;
            stdin = null;
            return this;
        }

        /** Starts the new process as configured. */
        public Proc start() throws IOException {
            return launch(this);
        }

        /** Starts the process and waits for its completion. */
        public int join() throws IOException, InterruptedException {
            Proc p = start();
            try {
                return p.join();
            } catch (InterruptedException e) {
                p.kill();
                throw e;
            }
        }

        /** Copies a {@link ProcStarter}. */
        @NonNull
        public ProcStarter copy() {
            ProcStarter rhs = new ProcStarter();
            rhs.commands = commands == null ? null : new ArrayList<>(commands);
            rhs.masks = masks == null ? null : masks.clone();
            rhs.quiet = quiet;
            rhs.pwd = pwd;
            rhs.stdout = stdout;
            rhs.stderr = stderr;
            rhs.stdin = stdin;
            rhs.envs = envs == null ? null : envs.clone();
            rhs.reverseStdin = reverseStdin;
            rhs.reverseStdout = reverseStdout;
            rhs.reverseStderr = reverseStderr;
            return rhs;
        }
    }

    /**
     * Launches processes remotely by using the given channel. Stand-in: the constructor and {@link #isUnix()} as in
     * core; {@code launch} (which in core sends the command to the agent with a {@code RemoteLaunchCallable}, wrapping
     * {@code stdin(InputStream)} in a non-greedy {@code RemoteInputStream}) is not needed here and refuses.
     */
    public static class RemoteLauncher extends Launcher {
        private final boolean isUnix;

        public RemoteLauncher(@NonNull TaskListener listener, @NonNull VirtualChannel channel, boolean isUnix) {
            super(listener, channel);
            this.isUnix = isUnix;
        }

        @Override
        public Proc launch(ProcStarter ps) throws IOException {
            throw new UnsupportedOperationException("stand-in: RemoteLauncher does not launch");
        }

        @Override
        public boolean isUnix() {
            return isUnix;
        }

        @Override
        public void kill(Map<String, String> modelEnvVars) throws IOException, InterruptedException {
        }
    }

    /** A launcher which delegates to a provided inner launcher (core since 1.568; subset of its overrides). */
    public static class DecoratedLauncher extends Launcher {
        private final Launcher inner;

        public DecoratedLauncher(@NonNull Launcher inner) {
            super(inner);
            this.inner = inner;
        }

        @Override
        public Proc launch(ProcStarter starter) throws IOException {
            return inner.launch(starter);
        }

        @Override
        public void kill(Map<String, String> modelEnvVars) throws IOException, InterruptedException {
            inner.kill(modelEnvVars);
        }

        @Override
        public boolean isUnix() {
            return inner.isUnix();
        }

        @Override
        public TaskListener getListener() {
            return inner.getListener();
        }

        @Override
        public VirtualChannel getChannel() {
            return inner.getChannel();
        }

        /** Gets nested launcher. */
        @NonNull
        public Launcher getInner() {
            return inner;
        }
    }

    /** {@link Launcher} that launches process locally. */
    public static class LocalLauncher extends Launcher {
        public LocalLauncher(@NonNull TaskListener listener) {
            super(listener, null);
        }

        @Override
        public Proc launch(ProcStarter ps) throws IOException {
            if (!ps.quiet) {
                maskedPrintCommandLine(ps.commands, ps.masks, ps.pwd);
            }
            ProcessBuilder pb = new ProcessBuilder(ps.commands);
            if (ps.pwd != null) {
                pb.directory(new File(ps.pwd.getRemote()));
            }
            EnvVars env = new EnvVars(System.getenv());
            for (String kv : ps.envs()) {
                int idx = kv.indexOf('=');
                env.override(kv.substring(0, idx), kv.substring(idx + 1));
            }
            pb.environment().clear();
            pb.environment().putAll(env);
            OutputStream out = ps.reverseStdout ? null : ps.stdout != null ? ps.stdout : listener.getLogger();
            OutputStream err = ps.reverseStderr ? null : ps.stderr;
            if (!ps.reverseStderr && err == null) {
                pb.redirectErrorStream(true);
            }
            Process process = pb.start();
            return new LocalProc(process, ps.reverseStdin ? null : ps.stdin, out, err);
        }

        @Override
        public void kill(Map<String, String> modelEnvVars) throws InterruptedException {
        }
    }

    private static final class LocalProc extends Proc {
        private final Process process;
        private final List<Thread> pumps = new ArrayList<>();

        LocalProc(Process process, InputStream in, OutputStream out, OutputStream err) {
            this.process = process;
            if (in != null) {
                pump(in, process.getOutputStream(), true);
            }
            if (out != null) {
                pump(process.getInputStream(), out, false);
            }
            if (err != null) {
                pump(process.getErrorStream(), err, false);
            }
        }

        private void pump(InputStream from, OutputStream to, boolean closeWhenDone) {
            Thread t = new Thread(() -> {
                try {
                    byte[] buf = new byte[8192];
                    int n;
                    while ((n = from.read(buf)) >= 0) {
                        to.write(buf, 0, n);
                        to.flush();
                    }
                } catch (IOException e) {
                    // the process went away
                } finally {
                    if (closeWhenDone) {
                        try {
                            to.close();
                        } catch (IOException e) {
                            // ignore
                        }
                    }
                }
            }, "stand-in LocalProc pump");
            t.setDaemon(true);
            t.start();
            pumps.add(t);
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        @Override
        public int join() throws InterruptedException {
            int exit = process.waitFor();
            for (Thread t : pumps) {
                t.join();
            }
            return exit;
        }

        @Override
        public InputStream getStdout() {
            return process.getInputStream();
        }

        @Override
        public InputStream getStderr() {
            return process.getErrorStream();
        }

        @Override
        public OutputStream getStdin() {
            return process.getOutputStream();
        }
    }
}
