package io.jenkins.registrypull.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a main class of the test classpath: another process on the same machine,
 * for what file locks must coordinate. Its stdout lines are queued for {@link #awaitLine}; its
 * stderr goes to a file shown in failure messages. {@link #close()} kills it (SIGKILL) if still alive.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> allLines = new ArrayList<>();

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (allLines) {
                        allLines.add(line);
                    }
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        }, "child-jvm-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java -Xmx256m -cp <this JVM's classpath> mainClass args...}. */
    public static ChildJvm start(Class<?> mainClass, Path workDir, String... args) {
        return start(List.of("-Xmx256m"), mainClass, workDir, args);
    }

    /** Starts {@code java JVM_FLAGS -cp <this JVM's classpath> mainClass args...}. */
    public static ChildJvm start(List<String> jvmFlags, Class<?> mainClass, Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        try {
            Files.createDirectories(workDir);
            Path stderr = Files.createTempFile(workDir, "child-", ".stderr");
            Process process = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectError(stderr.toFile()).start();
            return new ChildJvm(process, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM", e);
        }
    }

    /** Waits for a stdout line starting with {@code prefix}; returns it. */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("the child printed no line starting with '" + prefix + "' within "
                        + timeout + "; " + describe());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Writes a line to the child's stdin. */
    public void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    public void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /** SIGKILL, as the OOM killer or a stopped build would; waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits for a normal exit and returns the exit code. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child did not exit within " + timeout + "; " + describe());
        }
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    /** Its pid, stdout so far and stderr, for failure messages. */
    public String describe() {
        String err;
        try {
            err = Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err = "(no stderr: " + e + ")";
        }
        synchronized (allLines) {
            return "child pid " + process.pid() + (process.isAlive() ? " (alive)" : " (exit " + process.exitValue()
                    + ")") + "\n--- stdout ---\n" + String.join("\n", allLines) + "\n--- stderr ---\n" + err;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
