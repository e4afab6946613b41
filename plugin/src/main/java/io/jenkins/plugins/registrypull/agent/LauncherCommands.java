package io.jenkins.plugins.registrypull.agent;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Proc;
import hudson.remoting.RemoteInputStream;
import hudson.remoting.RemoteOutputStream;
import hudson.remoting.VirtualChannel;
import io.jenkins.registrypull.sink.CommandStarter;
import io.jenkins.registrypull.sink.StartedCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@code docker load} and {@code image inspect} through the build's {@link Launcher} when that launcher is
 * decorated (a Kubernetes {@code container('docker')} block, {@code docker.image().inside}, any
 * {@code LauncherDecorator}), so the image lands in the daemon the build's own {@code sh} steps see.
 *
 * <p>Where the bytes go. The pull runs on the agent and the archive is written there, but a launcher lives on the
 * controller. This object stays on the controller and is exported to the agent: the engine on the agent calls
 * {@link #start} through Remoting and writes the archive into a {@link RemoteOutputStream} that ends in the
 * launcher's {@link Proc#getStdin()} ({@code writeStdin()}). Not {@code stdin(InputStream)}: core's
 * {@code RemoteLauncher} wraps that in a non-greedy {@code RemoteInputStream}, one channel round trip per read. The
 * archive so crosses the channel agent to controller once, then goes wherever the decorated launcher sends it (the
 * Kubernetes API for a pod container; back to the agent when a decorator only prefixes the command). That cost is
 * paid only when a launcher is decorated: an undecorated launcher ({@code LocalLauncher}, {@code RemoteLauncher})
 * starts processes on the agent itself, so {@link #forAgent} returns null and the agent runs the engine directly,
 * reading the blob store locally, with no byte of the image on the channel (docs/architecture.md).
 */
public final class LauncherCommands implements CommandStarter {
    @NonNull
    private final Launcher launcher;
    @CheckForNull
    private final VirtualChannel channel;

    LauncherCommands(@NonNull Launcher launcher, @CheckForNull VirtualChannel channel) {
        this.launcher = launcher;
        this.channel = channel;
    }

    /**
     * What the agent should load through: null for an undecorated launcher (the agent runs the engine itself), else
     * this launcher's commands, exported over the workspace's channel.
     */
    @CheckForNull
    public static CommandStarter forAgent(@CheckForNull Launcher launcher, @NonNull FilePath workspace) {
        if (!isDecorated(launcher)) {
            return null;
        }
        VirtualChannel channel = workspace.getChannel();
        LauncherCommands commands = new LauncherCommands(launcher, channel);
        return channel == null ? commands : channel.export(CommandStarter.class, commands);
    }

    /** Whether something else than core's plain local or remote launcher starts the build's processes. */
    static boolean isDecorated(@CheckForNull Launcher launcher) {
        return launcher != null && !(launcher instanceof Launcher.LocalLauncher)
                && !(launcher instanceof Launcher.RemoteLauncher);
    }

    @Override
    public StartedCommand start(List<String> command) throws IOException {
        Proc proc = launcher.launch().cmds(command).writeStdin().readStdout().readStderr().quiet(true).start();
        StartedCommand started = new LaunchedCommand(proc, String.join(" ", command));
        return channel == null ? started : channel.export(StartedCommand.class, started);
    }

    /** One process started by the launcher; its end is watched by a thread so that waits can time out. */
    static final class LaunchedCommand implements StartedCommand {
        private final Proc proc;
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();

        LaunchedCommand(Proc proc, String name) {
            this.proc = proc;
            Thread joiner = new Thread(() -> {
                try {
                    exit.complete(proc.join());
                } catch (IOException | RuntimeException e) {
                    exit.completeExceptionally(e);
                } catch (InterruptedException e) {
                    exit.completeExceptionally(e);
                    Thread.currentThread().interrupt();
                }
            }, "registry-pull launcher join: " + name);
            joiner.setDaemon(true);
            joiner.start();
        }

        @Override
        public OutputStream stdin() {
            return new RemoteOutputStream(proc.getStdin());
        }

        @Override
        public InputStream stdout() {
            return new RemoteInputStream(proc.getStdout(), RemoteInputStream.Flag.GREEDY);
        }

        @Override
        public InputStream stderr() {
            return new RemoteInputStream(proc.getStderr(), RemoteInputStream.Flag.GREEDY);
        }

        @Override
        public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
            try {
                exit.get(timeout, unit);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                return true; // the launcher lost the process: exitValue says so
            }
        }

        @Override
        public int exitValue() {
            try {
                return exit.getNow(-1);
            } catch (RuntimeException lost) {
                return -1;
            }
        }

        @Override
        public void kill() {
            try {
                proc.kill();
            } catch (IOException e) {
                // gone already, or its launcher with it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
