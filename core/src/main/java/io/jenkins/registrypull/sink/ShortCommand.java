package io.jenkins.registrypull.sink;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A short engine command that reads nothing ({@code image inspect}, {@code tag}, {@code rmi}), run to its end
 * through a {@link CommandStarter}: its exit code and what it printed (bounded), or a kill when it outlives its time.
 *
 * @param exitCode the command's exit code, or -1 when it did not end in time (it was killed)
 * @param stdout   what it printed, stripped
 * @param stderr   the first lines of its errors, joined
 */
record ShortCommand(int exitCode, String stdout, String stderr) {

    boolean succeeded() {
        return exitCode == 0;
    }

    /** @throws IOException when the command cannot be started */
    static ShortCommand run(CommandStarter commands, List<String> command, Duration timeout)
            throws IOException, InterruptedException {
        StartedCommand started = commands.start(command);
        try {
            started.stdin().close();
        } catch (IOException ignored) {
            // it reads nothing
        }
        OutputCapture out = new OutputCapture(started.stdout(), "registry-pull-command-stdout");
        OutputCapture err = new OutputCapture(started.stderr(), "registry-pull-command-stderr");
        if (!started.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            started.kill();
            return new ShortCommand(-1, out.await(1_000).strip(), err.firstLines(3));
        }
        String printed = out.await(5_000).strip();
        err.await(5_000);
        return new ShortCommand(started.exitValue(), printed, err.firstLines(3));
    }
}
