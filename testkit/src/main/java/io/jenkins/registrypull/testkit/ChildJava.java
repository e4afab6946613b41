package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A main class of this JVM's class path run in a second JVM with a home of its own: {@code HOME},
 * {@code -Duser.home} and {@code -Djava.io.tmpdir} point into a fresh directory, so everything the program
 * writes to its user's home or temp directory can be found (and scanned) there, and nothing of the developer's
 * home leaks in. The environment is rebuilt from scratch ({@code PATH}, {@code HOME}, {@code LANG} and what the
 * test adds); secrets go to stdin, never to arguments or the environment.
 *
 * <pre>{@code
 * try (ChildJava child = ChildJava.builder(Main.class, dir).args("pull", ...).stdin(secret).start()) {
 *     int exit = child.waitFor(Duration.ofMinutes(2));
 *     String err = child.stderr();
 * }
 * }</pre>
 */
public final class ChildJava implements AutoCloseable {

    private final Process process;
    private final Path home;
    private final Path tmp;
    private final Path stdout;
    private final Path stderr;

    private ChildJava(Process process, Path home, Path tmp, Path stdout, Path stderr) {
        this.process = process;
        this.home = home;
        this.tmp = tmp;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** A child running {@code mainClass}, its home, temp directory and output files under {@code dir}. */
    public static Builder builder(Class<?> mainClass, Path dir) {
        return new Builder(mainClass.getName(), dir);
    }

    /** The child's {@code HOME} (= {@code user.home}). */
    public Path home() {
        return home;
    }

    /** The child's {@code java.io.tmpdir}. */
    public Path tmp() {
        return tmp;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Waits for the exit; kills the child and throws if it takes longer than {@code timeout}. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            ProcessTree.stop(process, Duration.ofSeconds(5));
            throw new AssertionError("the child JVM did not finish within " + timeout + "\n--- stderr ---\n" + stderr());
        }
        return process.exitValue();
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the child (and whatever it started) by pid if it is still running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            ProcessTree.stop(process, Duration.ofSeconds(5));
        }
    }

    /** What to run and how. */
    public static final class Builder {
        private final String mainClass;
        private final Path dir;
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private byte[] stdin = new byte[0];
        private String path = "/usr/sbin:/usr/bin:/sbin:/bin";

        private Builder(String mainClass, Path dir) {
            this.mainClass = mainClass;
            this.dir = dir;
        }

        public Builder args(String... values) {
            args.addAll(List.of(values));
            return this;
        }

        public Builder args(List<String> values) {
            args.addAll(values);
            return this;
        }

        /** An environment variable of the child (never a secret: every user can read /proc/PID/environ). */
        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** The child's PATH (default {@code /usr/sbin:/usr/bin:/sbin:/bin}). */
        public Builder path(String value) {
            this.path = value;
            return this;
        }

        /** A {@code -Dname=value} of the child. */
        public Builder property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        /** Bytes written to the child's stdin, which is then closed. */
        public Builder stdin(byte[] value) {
            this.stdin = value.clone();
            return this;
        }

        public Builder stdin(String value) {
            return stdin(value.getBytes(StandardCharsets.UTF_8));
        }

        public ChildJava start() {
            try {
                Files.createDirectories(dir);
                Path home = Files.createDirectories(dir.resolve("home"));
                Path tmp = Files.createDirectories(dir.resolve("tmp"));
                Path out = dir.resolve("stdout");
                Path err = dir.resolve("stderr");
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.add("-Xmx256m");
                command.add("-XX:TieredStopAtLevel=1");
                command.add("-Duser.home=" + home);
                command.add("-Djava.io.tmpdir=" + tmp);
                properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
                command.add("-cp");
                command.add(System.getProperty("java.class.path"));
                command.add(mainClass);
                command.addAll(args);
                ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().clear();
                builder.environment().put("PATH", path);
                builder.environment().put("HOME", home.toString());
                builder.environment().put("LANG", "C.UTF-8");
                builder.environment().put("TMPDIR", tmp.toString());
                builder.environment().putAll(environment);
                Process process = builder.start();
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException closedEarly) {
                    // the child exited before reading: its output says why
                }
                return new ChildJava(process, home, tmp, out, err);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start a child JVM for " + mainClass, e);
            }
        }
    }
}
