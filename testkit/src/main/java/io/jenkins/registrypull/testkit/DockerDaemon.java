package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A private docker daemon (Debian's dockerd 20.10) for tests that load images into docker: its own
 * socket, data root, exec root and containerd, in a fresh temp directory, with no network setup
 * (no bridge, no iptables) and no TCP listener.
 *
 * <pre>
 * dockerd --storage-driver=vfs --iptables=false --ip6tables=false --ip-masq=false --bridge=none
 *         --host unix://DIR/d.sock --data-root DIR/root --exec-root DIR/exec --pidfile DIR/d.pid
 *         --config-file DIR/daemon.json
 * </pre>
 *
 * <p>Tests use vfs, which works on any file system. {@link #start(StorageDriver)} can start it on overlay2, the
 * driver of almost every real docker installation, where the kernel mounts overlay (the benchmark measures both: vfs
 * copies each layer's parent tree before unpacking the layer, which overlay2 does not).
 *
 * <p>dockerd needs root. It starts its own containerd (under DIR/exec) unless a system containerd
 * listens on {@code /run/containerd/containerd.sock}. The client is always {@link #CLIENT}, the
 * 20.10 client from the same package, never the {@code docker} first in PATH.
 *
 * <p>{@link #close()} stops dockerd by its pid with SIGTERM (it stops its containerd), kills any
 * process of its tree still alive after the grace period, unmounts what it left mounted and
 * deletes the directory, root-owned vfs trees included. A shutdown hook does the same for an
 * instance a test forgot to close.
 */
public final class DockerDaemon implements AutoCloseable {

    public static final String DOCKERD = "/usr/sbin/dockerd";
    /** The docker 20.10 client of Debian's docker.io package. */
    public static final String CLIENT = "/usr/bin/docker";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    private final Path dir;
    private final Path socket;
    private final Process process;
    private final Duration startDuration;
    private final String serverVersion;
    private final StorageDriver storageDriver;
    private final Thread shutdownHook;
    private boolean closed;

    private DockerDaemon(Path dir, Path socket, Process process, Duration startDuration, String serverVersion,
            StorageDriver storageDriver) {
        this.dir = dir;
        this.storageDriver = storageDriver;
        this.socket = socket;
        this.process = process;
        this.startDuration = startDuration;
        this.serverVersion = serverVersion;
        this.shutdownHook = new Thread(this::stop, "testkit-dockerd-stop-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The graph drivers a test or benchmark can ask for. */
    public enum StorageDriver {
        /** Plain directories, each layer a full copy of its parent: works everywhere, slow for many layers. */
        VFS("vfs"),
        /** Kernel overlay mounts, dockerd's default: needs a kernel (and container) that lets root mount overlay. */
        OVERLAY2("overlay2");

        private final String flag;

        StorageDriver(String flag) {
            this.flag = flag;
        }

        /** The name {@code --storage-driver} takes. */
        public String flag() {
            return flag;
        }
    }

    /** Starts a daemon on vfs and waits until it answers; throws with its log if it does not. */
    public static DockerDaemon start() {
        return start(StorageDriver.VFS);
    }

    /** Starts a daemon on the given storage driver and waits until it answers; throws with its log if it does not. */
    public static DockerDaemon start(StorageDriver driver) {
        PrivateDirs.requireExecutable(DOCKERD, "dockerd (docker.io 20.10)");
        PrivateDirs.requireExecutable(CLIENT, "the docker 20.10 client");
        if (PrivateDirs.uid() != 0) {
            throw new IllegalStateException("dockerd needs root, and these tests run as uid " + PrivateDirs.uid()
                    + ": run them as root (as CI does)");
        }
        Path dir = TempDirs.create("testkit-dockerd-");
        Process process = null;
        try {
            Path socket = dir.resolve("d.sock");
            Files.writeString(dir.resolve("daemon.json"), "{}\n");
            List<String> command = List.of(DOCKERD, "--storage-driver=" + driver.flag(), "--iptables=false",
                    "--ip6tables=false", "--ip-masq=false", "--bridge=none", "--host", "unix://" + socket,
                    "--data-root", dir.resolve("root").toString(), "--exec-root", dir.resolve("exec").toString(),
                    "--pidfile", dir.resolve("d.pid").toString(), "--config-file", dir.resolve("daemon.json").toString());
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("dockerd.log").toFile());
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
            builder.environment().put("HOME", dir.toString());
            long started = System.nanoTime();
            process = builder.start();
            awaitPing(process, socket, dir);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            CommandResult version = Commands.run(List.of(CLIENT, "--host", "unix://" + socket, "version", "--format",
                    "{{.Server.Version}}"), new byte[0], Map.of(), Duration.ofSeconds(30)).requireSuccess();
            return new DockerDaemon(dir, socket, process, took, version.stdout().strip(), driver);
        } catch (IOException e) {
            stopQuietly(process, dir);
            throw new UncheckedIOException("cannot start " + DOCKERD, e);
        } catch (RuntimeException | Error e) {
            stopQuietly(process, dir);
            throw e;
        }
    }

    /** {@code unix:///tmp/testkit-dockerd-.../d.sock}: for {@code docker --host} or DOCKER_HOST. */
    public String host() {
        return "unix://" + socket;
    }

    public Path dir() {
        return dir;
    }

    public long pid() {
        return process.pid();
    }

    /** From launching dockerd to its first answer on the socket. */
    public Duration startDuration() {
        return startDuration;
    }

    /** The daemon's version, e.g. {@code 20.10.24+dfsg1}. */
    public String serverVersion() {
        return serverVersion;
    }

    /** Runs {@code /usr/bin/docker --host SOCKET args...}; never with credentials. */
    public CommandResult docker(String... args) {
        List<String> command = new ArrayList<>(List.of(CLIENT, "--host", host()));
        command.addAll(List.of(args));
        return Commands.run(command, new byte[0], Map.of(), COMMAND_TIMEOUT);
    }

    /** {@code docker image inspect --format TEMPLATE REF}, stripped; throws unless it succeeds. */
    public String inspect(String reference, String template) {
        return docker("image", "inspect", "--format", template, reference).requireSuccess().stdout().strip();
    }

    public StorageDriver storageDriver() {
        return storageDriver;
    }

    /** The last 16 KiB of dockerd's log, for failure messages. */
    public String logTail() {
        return tail(dir.resolve("dockerd.log"));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException jvmShuttingDown) {
                // the hook runs anyway
            }
        }
    }

    @Override
    public String toString() {
        return "DockerDaemon[" + host() + ", " + storageDriver.flag() + ", pid=" + process.pid() + "]";
    }

    private void stop() {
        stopQuietly(process, dir);
    }

    /**
     * SIGTERM to dockerd alone (it stops its containerd itself; signalling containerd too would make
     * dockerd restart it), watching its descendants meanwhile; then SIGKILL for anything left.
     */
    private static void stopQuietly(Process process, Path dir) {
        try {
            if (process != null) {
                Set<ProcessHandle> tree = new LinkedHashSet<>();
                process.descendants().forEach(tree::add);
                process.destroy();
                long deadline = System.nanoTime() + STOP_GRACE.toNanos();
                while (process.isAlive() && System.nanoTime() < deadline) {
                    process.descendants().forEach(tree::add);
                    Thread.sleep(50);
                }
                if (process.isAlive()) {
                    process.descendants().forEach(tree::add);
                    process.destroyForcibly();
                }
                process.waitFor();
                for (ProcessHandle child : tree) {
                    if (child.isAlive()) {
                        ProcessTree.stop(child, Duration.ofSeconds(5));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            PrivateDirs.remove(dir);
        }
    }

    private static void awaitPing(Process process, Path socket, Path dir) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("dockerd exited with " + process.exitValue() + "; its log:\n"
                            + tail(dir.resolve("dockerd.log")));
                }
                if (Files.exists(socket) && ping(socket)) {
                    return;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dockerd started", e);
        }
        throw new IllegalStateException("dockerd did not answer within " + START_TIMEOUT.toSeconds() + " s; its log:\n"
                + tail(dir.resolve("dockerd.log")));
    }

    /** {@code GET /_ping} over the unix socket: the daemon's own health check. */
    private static boolean ping(Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer answer = ByteBuffer.allocate(1024);
            while (channel.read(answer) > 0 && answer.hasRemaining()) {
                // read until the daemon closes (HTTP/1.0)
            }
            String text = new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII);
            return text.startsWith("HTTP/1.0 200") || text.startsWith("HTTP/1.1 200");
        } catch (IOException notYet) {
            return false;
        }
    }

    private static String tail(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - 16 * 1024);
            in.seek(start);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
