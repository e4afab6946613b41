package io.jenkins.registrypull.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What a finished child process left behind: its command line, exit code, stdout and stderr.
 *
 * <p>stdout is kept as bytes because {@code skopeo inspect --raw} prints a manifest whose exact
 * bytes are what the tests compare.
 */
public final class CommandResult {

    private final List<String> command;
    private final int exitCode;
    private final byte[] stdout;
    private final String stderr;

    CommandResult(List<String> command, int exitCode, byte[] stdout, String stderr) {
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stdout = stdout.clone();
        this.stderr = stderr;
    }

    public List<String> command() {
        return command;
    }

    public int exitCode() {
        return exitCode;
    }

    public byte[] stdoutBytes() {
        return stdout.clone();
    }

    public String stdout() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderr() {
        return stderr;
    }

    /** Returns this result, or throws with the command, exit code, stdout and stderr in the message. */
    public CommandResult requireSuccess() {
        if (exitCode != 0) {
            throw new IllegalStateException(describe());
        }
        return this;
    }

    /** A description for failure messages: the command and everything it printed. */
    public String describe() {
        return "command " + command + " exited with " + exitCode
                + "\n--- stdout ---\n" + tail(stdout()) + "\n--- stderr ---\n" + tail(stderr);
    }

    private static String tail(String text) {
        int max = 16_384;
        return text.length() <= max ? text : "..." + text.substring(text.length() - max);
    }

    @Override
    public String toString() {
        return "CommandResult" + command + " exit=" + exitCode + " stdout=" + stdout.length + " bytes";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandResult other
                && exitCode == other.exitCode
                && command.equals(other.command)
                && Arrays.equals(stdout, other.stdout)
                && stderr.equals(other.stderr);
    }

    @Override
    public int hashCode() {
        return 31 * command.hashCode() + exitCode;
    }
}
