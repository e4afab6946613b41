package io.jenkins.registrypull.credhelper;

import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves registry credentials to the docker CLI, podman, skopeo, buildah and kaniko of one block, from memory, on
 * {@code 127.0.0.1}; nothing secret is ever written to disk.
 *
 * <p>{@link #start} creates the block's directory ({@link BlockDirectory}: merged {@code config.json}, the helper,
 * the block's key) under a parent the caller chooses: the workspace's temporary directory, so that every container of
 * a Kubernetes pod sees it. The block's processes get {@code DOCKER_CONFIG}, {@code REGISTRY_AUTH_FILE} and the
 * helper's directory first on PATH ({@link #environment()}, {@link #binDirectory()}).
 *
 * <p>Why loopback TCP and not a Unix socket: a pod's containers share the network namespace but not {@code /tmp},
 * images such as {@code docker:cli} have only busybox (whose {@code nc} may lack Unix sockets), and a Unix socket
 * path under a long workspace name exceeds the 108-byte {@code sun_path}. Who gets an answer: whoever presents the
 * block's capability ({@link AccessKey}), which only the agent's user and root can read ({@code key}, mode 0600 in a
 * 0700 directory). Loopback is reachable by every user of a machine; the key, not the connection, is the proof. It
 * answers only for the block's registries and only while the block runs ({@code docs/security.md}). Only configured
 * registries are answered ({@link RegistryNames#normalize} matches every form clients use); {@code list} answers
 * {@code {}}; {@code store} and {@code erase} are refused ({@link HelperProtocol}).
 *
 * <p>Lifetime: {@link #close()} (idempotent) closes the port, wipes every credential and deletes the directory. It
 * runs when the block ends, on {@code STOP-TOKEN stop} ({@link #requestStop}, what a Jenkins controller uses, with a
 * token only it knows), and from a JVM shutdown hook. A JVM killed outright takes the secrets with it; the key file it
 * leaves opens nothing (the port is closed), and the helper then fails at once. A server holds no static state:
 * several blocks on one agent each have their own.
 */
public final class CredentialHelperServer implements AutoCloseable {
    /** Environment variable names the block's processes get. */
    public static final String DOCKER_CONFIG = "DOCKER_CONFIG";
    public static final String REGISTRY_AUTH_FILE = "REGISTRY_AUTH_FILE";

    static final String CONFIG_NAME = "config.json";
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    private static final int WORKERS = 8;

    private final BlockDirectory directory;
    private final Map<String, Credential> credentials;
    private final ServerSocket server;
    private final AccessKey capability;
    private final AccessKey stopToken;
    private final List<String> notes;
    private final ExecutorService workers;
    private final Thread acceptor;
    private final Thread shutdownHook;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean closed;

    /** How to start a server. */
    public static final class Options {
        private Path parentDirectory;
        private Path java;
        private Path userDockerConfig;
        private boolean userDockerConfigSet;

        /** Where the block's directory goes; default {@code java.io.tmpdir}. In Jenkins: the workspace's temp dir. */
        public Options parentDirectory(Path value) {
            this.parentDirectory = value;
            return this;
        }

        /** The {@code java} the helper falls back to; default this JVM's own. */
        public Options java(Path value) {
            this.java = value;
            return this;
        }

        /**
         * The user's docker config directory whose settings the block keeps ({@link MergedDockerConfig}); null for
         * none. Default: {@code DOCKER_CONFIG} of this JVM's environment, else {@code ~/.docker}.
         */
        public Options userDockerConfig(Path value) {
            this.userDockerConfig = value;
            this.userDockerConfigSet = true;
            return this;
        }

        Path resolveUserDockerConfig() {
            if (userDockerConfigSet) {
                return userDockerConfig;
            }
            String env = System.getenv(DOCKER_CONFIG);
            return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".docker");
        }
    }

    private CredentialHelperServer(BlockDirectory directory, Map<String, Credential> credentials, ServerSocket server,
            List<String> notes) {
        this.directory = directory;
        this.credentials = credentials;
        this.server = server;
        this.notes = notes;
        this.capability = AccessKey.random();
        this.stopToken = AccessKey.random();
        String name = directory.path().getFileName().toString();
        this.workers = Executors.newFixedThreadPool(WORKERS, daemons("registrypull-credhelper-" + name));
        this.acceptor = new Thread(this::acceptLoop, "registrypull-credhelper-accept 127.0.0.1:" + server.getLocalPort());
        this.acceptor.setDaemon(true);
        this.shutdownHook = new Thread(this::closeFromHook, "registrypull-credhelper-shutdown " + name);
    }

    /**
     * Starts serving {@code served} (at least one; the server owns their credentials from now on and wipes them when it
     * stops, or at once if starting fails).
     */
    public static CredentialHelperServer start(List<ServedCredential> served, Options options) throws IOException {
        Objects.requireNonNull(options, "options");
        Map<String, Credential> byRegistry = new LinkedHashMap<>();
        for (ServedCredential s : served) {
            Credential previous = byRegistry.put(s.registry(), s.credential());
            if (previous != null && previous != s.credential()) {
                wipeAll(served);
                throw new IllegalArgumentException("registry " + s.registry() + " is configured twice");
            }
        }
        if (byRegistry.isEmpty()) {
            throw new IllegalArgumentException("no registry to serve");
        }
        BlockDirectory directory = null;
        ServerSocket socket = null;
        CredentialHelperServer started = null;
        try {
            Path parent = options.parentDirectory != null ? options.parentDirectory
                    : Path.of(System.getProperty("java.io.tmpdir"));
            directory = BlockDirectory.create(parent);
            MergedDockerConfig config = MergedDockerConfig.build(options.resolveUserDockerConfig(), byRegistry.keySet());
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            started = new CredentialHelperServer(directory, byRegistry, socket, config.notes());
            directory.writeKey(started.capability);
            directory.writeConfig(config);
            directory.writeClient();
            Path java = options.java != null ? options.java : Path.of(System.getProperty("java.home"), "bin", "java");
            directory.writeHelper(HelperScript.render(directory.path(), socket.getLocalPort(), java,
                    directory.clientClassPath()));
            started.acceptor.start();
            Runtime.getRuntime().addShutdownHook(started.shutdownHook);
            return started;
        } catch (IOException | RuntimeException | Error e) {
            if (started != null) {
                started.shutdown();
            } else {
                if (socket != null) {
                    socket.close();
                }
                wipeAll(served);
                if (directory != null) {
                    directory.delete();
                }
            }
            throw e;
        }
    }

    /** The block's directory ({@code DOCKER_CONFIG}). */
    public Path directory() {
        return directory.path();
    }

    /** The port on 127.0.0.1. */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code config.json}: the merged docker config ({@code DOCKER_CONFIG}). */
    public Path configFile() {
        return directory.configFile();
    }

    /** {@code REGISTRY_AUTH_FILE}: the same content, in a directory logins cannot write to. */
    public Path authFile() {
        return directory.authFile();
    }

    /** The block's capability file (mode 0600): what the helper presents. */
    public Path keyFile() {
        return directory.keyFile();
    }

    /** The directory to put first on PATH: it holds {@value HelperScript#FILE_NAME}. */
    public Path binDirectory() {
        return directory.binDirectory();
    }

    /** {@code DOCKER_CONFIG} and {@code REGISTRY_AUTH_FILE}; add {@link #binDirectory()} in front of PATH too. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(DOCKER_CONFIG, directory.path().toString());
        env.put(REGISTRY_AUTH_FILE, directory.authFile().toString());
        return env;
    }

    /** The registries served, normalised. */
    public List<String> registries() {
        return List.copyOf(credentials.keySet());
    }

    /** What of the user's docker config was left out, and why (no content of it). */
    public List<String> notes() {
        return notes;
    }

    /**
     * The token that {@link #requestStop} must present: hex of 32 random bytes. Not a registry secret: it only lets
     * its holder end this block's credentials early.
     */
    public String stopToken() {
        return stopToken.hex();
    }

    /** How many {@code get} requests were answered with credentials. */
    public long answered() {
        return answered.get();
    }

    /** How many requests were refused because they did not present the block's key. */
    public long refusedPeers() {
        return refused.get();
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Asks the server on {@code 127.0.0.1:port} to stop, as its starter: returns true if it stopped, false if there was
     * no server any more (nothing listens, or whoever listens does not know the token: a port reused after the
     * block's server died), which is just as good.
     */
    public static boolean requestStop(int port, String token) throws IOException {
        String text;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((HelperProtocol.request(token, "stop", "") + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            text = new String(socket.getInputStream().readNBytes(1024), StandardCharsets.US_ASCII);
        } catch (SocketException e) {
            return false;
        }
        return text.startsWith(HelperProtocol.OK + "\n");
    }

    /**
     * {@link #requestStop}, then removes {@code directory} if a server that died without closing (its JVM killed) left
     * it behind: it holds no registry secret, and its key opens nothing any more, but it should not linger. Returns
     * what {@link #requestStop} returned.
     */
    public static boolean stopAndRemove(int port, String token, Path directory) throws IOException {
        boolean stopped = requestStop(port, token);
        // the server deletes its directory right after answering; wait briefly so callers see it gone
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (stopped && Files.exists(directory.resolve(BlockDirectory.KEY_NAME)) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (directory.getFileName().toString().startsWith(BlockDirectory.DIR_PREFIX)
                && Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)
                && Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))) {
            BlockDirectory.deleteRecursively(directory);
        }
        return stopped;
    }

    /** Stops serving: closes the port, wipes every credential, deletes the directory. Idempotent. */
    @Override
    public void close() {
        if (!shutdown()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmShuttingDown) {
            // the hook is running or about to; it finds the server closed
        }
    }

    private void closeFromHook() {
        shutdown();
    }

    /** Returns false if already closed. */
    private boolean shutdown() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        try {
            // the key goes first: from now on the helper says "gone" without trying the port
            Files.deleteIfExists(directory.keyFile());
        } catch (IOException ignored) {
            // deleted with the directory below
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        acceptor.interrupt();
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Credential c : credentials.values()) {
            c.close();
        }
        directory.delete();
        return true;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket connection;
            try {
                connection = server.accept();
            } catch (IOException e) {
                if (closed || server.isClosed()) {
                    return;
                }
                continue;
            }
            try {
                workers.execute(() -> handle(connection));
            } catch (RejectedExecutionException e) {
                closeQuietly(connection);
                return;
            }
        }
    }

    private void handle(Socket connection) {
        byte[] answer = null;
        try (connection) {
            connection.setSoTimeout((int) CONNECTION_TIMEOUT.toMillis());
            String line = readLine(connection.getInputStream());
            if (line == null) {
                return;
            }
            HelperProtocol.Request request = HelperProtocol.parse(line);
            boolean stop = "stop".equals(request.action());
            if (!(stop ? stopToken : capability).matches(request.key())) {
                refused.incrementAndGet();
                write(connection, HelperProtocol.answer(false, HelperProtocol.REFUSED));
                return;
            }
            answer = stop ? HelperProtocol.answer(true, "stopping") : respond(request);
            write(connection, answer);
            if (stop) {
                Thread stopper = new Thread(this::close, "registrypull-credhelper-stop");
                stopper.setDaemon(true);
                stopper.start();
            }
        } catch (IOException | RuntimeException e) {
            // the peer went away or sent garbage: nothing to answer
        } finally {
            if (answer != null) {
                Arrays.fill(answer, (byte) 0);
            }
        }
    }

    private byte[] respond(HelperProtocol.Request request) {
        switch (request.action()) {
            case "get": {
                if (request.argument().isEmpty()) {
                    return HelperProtocol.answer(false, HelperProtocol.MISSING_SERVER_URL);
                }
                String registry = RegistryNames.normalize(request.argument());
                Credential credential = registry == null ? null : credentials.get(registry);
                if (credential == null || closed || credential.isWiped()) {
                    return HelperProtocol.answer(false, HelperProtocol.NOT_FOUND);
                }
                Credential now;
                try {
                    now = credential.current(); // a minted credential near its expiry is renewed here
                } catch (RegistryException | IllegalStateException e) {
                    String why = String.valueOf(e.getMessage()).replaceAll("[\\r\\n]+", " ");
                    return HelperProtocol.answer(false, "could not renew the credentials for " + registry + " ("
                            + credential.describe() + "): " + why);
                }
                byte[] answer = HelperProtocol.credentialsAnswer(request.argument(), now);
                answered.incrementAndGet();
                return answer;
            }
            case "list":
                return HelperProtocol.answer(true, "{}");
            case "store":
            case "erase":
                return HelperProtocol.answer(false, HelperProtocol.READ_ONLY);
            case "ping":
                return HelperProtocol.answer(true, "pong");
            default:
                return HelperProtocol.answer(false, "Unknown credential action `" + sanitize(request.action()) + "`");
        }
    }

    /** One line, at most {@link HelperProtocol#MAX_REQUEST} bytes; a client that half-closes instead is accepted. */
    private static String readLine(InputStream in) throws IOException {
        byte[] buffer = new byte[HelperProtocol.MAX_REQUEST];
        int length = 0;
        while (length < buffer.length) {
            int b = in.read();
            if (b < 0 || b == '\n') {
                break;
            }
            buffer[length++] = (byte) b;
        }
        String line = length == 0 ? null : new String(buffer, 0, length, StandardCharsets.UTF_8);
        Arrays.fill(buffer, (byte) 0);
        return line;
    }

    private static void write(Socket connection, byte[] bytes) throws IOException {
        connection.getOutputStream().write(bytes);
        connection.getOutputStream().flush();
    }

    private static void wipeAll(List<ServedCredential> served) {
        for (ServedCredential s : served) {
            s.credential().close();
        }
    }

    private static void closeQuietly(Socket connection) {
        try {
            connection.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static String sanitize(String action) {
        String s = action.length() > 32 ? action.substring(0, 32) : action;
        return s.replaceAll("[^A-Za-z0-9_-]", "?");
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public String toString() {
        return "CredentialHelperServer[" + directory.path() + ", 127.0.0.1:" + server.getLocalPort() + ", registries "
                + credentials.keySet() + (closed ? ", closed" : "") + "]";
    }
}
