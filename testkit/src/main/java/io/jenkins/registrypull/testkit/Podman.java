package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A private podman image store (Debian's podman 4.3) for tests that load images into podman: its
 * own {@code --root} and {@code --runroot} in a fresh temp directory, with the {@code vfs} storage
 * driver (no mounts, no kernel overlay needed). Podman has no daemon: each command is a process
 * that ends; nothing keeps running between commands.
 *
 * <p>{@link #create()} runs {@code podman images} once, which initialises the storage; that is the
 * measured start time. {@link #close()} deletes the directory. Commands get {@code TMPDIR} inside
 * the directory, so {@code podman load} leaves no copy of an archive in {@code /var/tmp}.
 */
public final class Podman implements AutoCloseable {

    public static final String BINARY = "/usr/bin/podman";
    public static final String STORAGE_DRIVER = "vfs";

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    private final Path dir;
    private final Duration startDuration;
    private boolean closed;

    private Podman(Path dir, Duration startDuration) {
        this.dir = dir;
        this.startDuration = startDuration;
    }

    /** A fresh, initialised image store. */
    public static Podman create() {
        PrivateDirs.requireExecutable(BINARY, "podman (4.3)");
        Path dir = TempDirs.create("testkit-podman-");
        try {
            long started = System.nanoTime();
            Podman podman = new Podman(dir, Duration.ZERO);
            podman.podman("images", "--quiet").requireSuccess();
            return new Podman(dir, Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException | Error e) {
            PrivateDirs.remove(dir);
            throw e;
        }
    }

    /** {@code --root}: where images are stored. */
    public Path root() {
        return dir.resolve("root");
    }

    /** {@code --runroot}: state that would live in /run. */
    public Path runroot() {
        return dir.resolve("run");
    }

    public String storageDriver() {
        return STORAGE_DRIVER;
    }

    /** The global options every command of this store needs, in podman's order. */
    public List<String> globalOptions() {
        return List.of("--root", root().toString(), "--runroot", runroot().toString(), "--storage-driver",
                STORAGE_DRIVER);
    }

    /** Runs {@code podman GLOBAL-OPTIONS args...}; never with credentials. */
    public CommandResult podman(String... args) {
        List<String> command = new ArrayList<>();
        command.add(BINARY);
        command.addAll(globalOptions());
        command.addAll(List.of(args));
        return Commands.run(command, new byte[0], Map.of("TMPDIR", tmpDir().toString()), COMMAND_TIMEOUT);
    }

    /** {@code podman image inspect --format TEMPLATE REF}, stripped; throws unless it succeeds. */
    public String inspect(String reference, String template) {
        return podman("image", "inspect", "--format", template, reference).requireSuccess().stdout().strip();
    }

    /** How long the first command (initialising the storage) took. */
    public Duration startDuration() {
        return startDuration;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        PrivateDirs.remove(dir);
    }

    @Override
    public String toString() {
        return "Podman[root=" + root() + "]";
    }

    private Path tmpDir() {
        Path tmp = dir.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tmp;
    }
}
