package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived tool (skopeo, htpasswd) to completion, with its output captured in files.
 *
 * <p>Secrets, when a tool needs one, go through stdin only: the arguments and environment of a
 * child are readable by every user in {@code /proc}. The environment is rebuilt from scratch so
 * no proxy variable or credential helper setting of the developer's shell leaks in.
 */
final class Commands {

    private Commands() {
    }

    /**
     * Runs {@code command} with {@code stdin} fed to it, kills its whole process tree if it takes
     * longer than {@code timeout}.
     */
    static CommandResult run(List<String> command, byte[] stdin, Map<String, String> environment,
            Duration timeout) {
        Path outputDir = TempDirs.create("testkit-cmd-");
        try {
            Path out = outputDir.resolve("stdout");
            Path err = outputDir.resolve("stderr");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .directory(outputDir.toFile());
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
            builder.environment().put("HOME", outputDir.toString());
            builder.environment().put("LANG", "C.UTF-8");
            builder.environment().putAll(environment);
            Process process = builder.start();
            try {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin);
                }
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    ProcessTree.stop(process, Duration.ofSeconds(2));
                    throw new IllegalStateException("command " + command + " did not finish within " + timeout
                            + "\n--- stderr ---\n" + Files.readString(err, StandardCharsets.UTF_8));
                }
            } finally {
                if (process.isAlive()) {
                    ProcessTree.stop(process, Duration.ofSeconds(2));
                }
            }
            return new CommandResult(command, process.exitValue(), Files.readAllBytes(out),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            TempDirs.deleteRecursively(outputDir);
        }
    }
}
