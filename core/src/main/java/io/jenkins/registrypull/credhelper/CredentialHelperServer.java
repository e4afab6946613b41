package io.jenkins.registrypull.credhelper;

import io.jenkins.registrypull.api.Credential;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import jdk.net.UnixDomainPrincipal;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;

/**
 * Serves registry credentials to the docker CLI, podman and skopeo of one block, from memory, over a Unix domain
 * socket; nothing secret is ever written to disk.
 *
 * <p>{@link #start} creates a fresh directory with mode {@code 0700} (default: under {@code java.io.tmpdir}) holding
 * <pre>
 * agent.sock                               the socket this server listens on
 * config.json                              {"credHelpers": {"REGISTRY": "registrypull", ...}} and nothing else
 * bin/docker-credential-registrypull       the helper ({@link HelperScript}), which asks the socket
 * client/io/jenkins/.../HelperClient.class the helper's portable half ({@link HelperClient})
 * </pre>
 * and the block's processes get {@code DOCKER_CONFIG=DIR}, {@code REGISTRY_AUTH_FILE=DIR/config.json} and
 * {@code DIR/bin} first on PATH ({@link #environment()}, {@link #binDirectory()}).
 *
 * <p>Who gets an answer: only a peer whose user, read from the socket with {@code SO_PEERCRED}, is the owner of the
 * directory, i.e. this JVM's own user (root is refused unless the agent runs as root). The directory's mode already
 * keeps other users from reaching the socket; the check makes the rule explicit and survives a careless
 * {@code chmod}. Only configured registries are answered ({@link RegistryNames#normalize} matches every form clients
 * use); {@code list} answers {@code {}}; {@code store} and {@code erase} are refused ({@link HelperProtocol}).
 *
 * <p>Lifetime: {@link #close()} (idempotent) closes the socket, wipes every credential and deletes the directory. It
 * runs when the block ends, on {@code stop TOKEN} from the socket ({@link #requestStop}, what a Jenkins controller
 * uses, with a token only it knows), and from a JVM shutdown hook. A JVM killed outright takes the secrets with it;
 * the socket file it leaves refuses connections, and the helper then fails at once. A server holds no static state:
 * several blocks on one agent each have their own.
 */
public final class CredentialHelperServer implements AutoCloseable {
    /** Environment variable names the block's processes get. */
    public static final String DOCKER_CONFIG = "DOCKER_CONFIG";
    public static final String REGISTRY_AUTH_FILE = "REGISTRY_AUTH_FILE";

    static final String SOCKET_NAME = "agent.sock";
    static final String CONFIG_NAME = "config.json";
    private static final String DIR_PREFIX = "registrypull-auth-";
    /** sun_path is 108 bytes on Linux, 104 on macOS; keep a margin. */
    private static final int MAX_SOCKET_PATH = 100;
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    private static final int WORKERS = 4;

    private final Path directory;
    private final Path socket;
    private final Map<String, Credential> credentials;
    private final UserPrincipal owner;
    private final ServerSocketChannel server;
    private final byte[] stopToken;
    private final ExecutorService workers;
    private final ScheduledExecutorService timeouts;
    private final Thread acceptor;
    private final Thread shutdownHook;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong refusedPeers = new AtomicLong();
    private volatile HelperScript.FastPath fastPath = HelperScript.FastPath.NONE;
    private volatile boolean closed;

    /** How to start a server. */
    public static final class Options {
        private Path parentDirectory;
        private boolean fastPath = true;
        private Path java;
        private List<HelperScript.FastPath> tools = List.of(HelperScript.FastPath.SOCAT, HelperScript.FastPath.NC);

        /** Where the block's directory goes; default {@code java.io.tmpdir} (then {@code /tmp} if that path is too long). */
        public Options parentDirectory(Path value) {
            this.parentDirectory = value;
            return this;
        }

        /** Whether to probe for socat / nc; false makes the helper always use the java client. */
        public Options fastPath(boolean value) {
            this.fastPath = value;
            return this;
        }

        /** The fast-path tools to try, in order (tests pin one). */
        Options fastPathTools(List<HelperScript.FastPath> value) {
            this.tools = List.copyOf(value);
            return this;
        }

        /** The {@code java} the helper runs; default this JVM's own. */
        public Options java(Path value) {
            this.java = value;
            return this;
        }
    }

    private CredentialHelperServer(Path directory, Map<String, Credential> credentials, UserPrincipal owner,
            ServerSocketChannel server) {
        this.directory = directory;
        this.socket = directory.resolve(SOCKET_NAME);
        this.credentials = credentials;
        this.owner = owner;
        this.server = server;
        this.stopToken = new byte[32];
        new SecureRandom().nextBytes(stopToken);
        this.workers = Executors.newFixedThreadPool(WORKERS, daemons("registrypull-credhelper-" + directory.getFileName()));
        this.timeouts = Executors.newSingleThreadScheduledExecutor(daemons("registrypull-credhelper-timeout"));
        this.acceptor = new Thread(this::acceptLoop, "registrypull-credhelper-accept " + socket);
        this.acceptor.setDaemon(true);
        this.shutdownHook = new Thread(this::closeFromHook, "registrypull-credhelper-shutdown " + directory.getFileName());
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
        Path directory = null;
        ServerSocketChannel channel = null;
        CredentialHelperServer started = null;
        try {
            directory = createDirectory(options.parentDirectory);
            UserPrincipal owner = Files.getOwner(directory);
            Path socketPath = directory.resolve(SOCKET_NAME);
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            channel.bind(UnixDomainSocketAddress.of(socketPath));
            Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-------"));
            started = new CredentialHelperServer(directory, byRegistry, owner, channel);
            started.acceptor.start();
            Runtime.getRuntime().addShutdownHook(started.shutdownHook);
            started.writeFiles(options);
            return started;
        } catch (IOException | RuntimeException | Error e) {
            if (started != null) {
                started.close();
            } else {
                if (channel != null) {
                    channel.close();
                }
                wipeAll(served);
                if (directory != null) {
                    deleteRecursively(directory);
                }
            }
            throw e;
        }
    }

    /** The block's private directory ({@code DOCKER_CONFIG}). */
    public Path directory() {
        return directory;
    }

    public Path socket() {
        return socket;
    }

    /** {@code config.json}: only {@code credHelpers} ({@code REGISTRY_AUTH_FILE}). */
    public Path configFile() {
        return directory.resolve(CONFIG_NAME);
    }

    /** The directory to put first on PATH: it holds {@value HelperScript#FILE_NAME}. */
    public Path binDirectory() {
        return directory.resolve("bin");
    }

    /** {@code DOCKER_CONFIG} and {@code REGISTRY_AUTH_FILE}; add {@link #binDirectory()} in front of PATH too. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(DOCKER_CONFIG, directory.toString());
        env.put(REGISTRY_AUTH_FILE, configFile().toString());
        return env;
    }

    /** The registries served, normalised. */
    public List<String> registries() {
        return List.copyOf(credentials.keySet());
    }

    /** Which fast path the helper script uses. */
    public HelperScript.FastPath fastPath() {
        return fastPath;
    }

    /**
     * The token that {@link #requestStop} must present: hex of 32 random bytes. Not a registry secret: it only lets
     * its holder end this block's credentials early.
     */
    public String stopToken() {
        return HexFormat.of().formatHex(stopToken);
    }

    /** How many {@code get} requests were answered with credentials. */
    public long answered() {
        return answered.get();
    }

    /** How many connections were refused because the peer was another user. */
    public long refusedPeers() {
        return refusedPeers.get();
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Asks the server behind {@code socket} to stop, as its starter: returns true if it stopped, false if there was no
     * server any more (the socket file is gone or refuses connections), which is just as good.
     */
    public static boolean requestStop(Path socket, String token) throws IOException {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(("stop " + token + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer answer = ByteBuffer.allocate(1024);
            while (answer.hasRemaining() && channel.read(answer) >= 0) {
                // until the server closes
            }
            String text = new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII);
            if (!text.startsWith(HelperProtocol.OK + "\n")) {
                throw new IOException("the credential server at " + socket + " refused to stop: " + text.strip());
            }
        } catch (java.net.SocketException e) {
            return false;
        }
        // the server wipes and deletes its directory right after answering; wait briefly so callers see it gone
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Files.exists(socket.getParent()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return true;
    }

    /**
     * {@link #requestStop}, then removes the directory a server that died without closing (its JVM killed) left
     * behind: it holds no secret, but should not linger. Returns what {@link #requestStop} returned.
     */
    public static boolean stopAndRemove(Path socket, String token) throws IOException {
        boolean stopped = requestStop(socket, token);
        Path dir = socket.getParent();
        if (!stopped && dir != null && dir.getFileName().toString().startsWith(DIR_PREFIX)
                && Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && Files.getOwner(dir).getName().equals(System.getProperty("user.name"))) {
            deleteRecursively(dir);
        }
        return stopped;
    }

    /** Stops serving: closes the socket, wipes every credential, deletes the directory. Idempotent. */
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
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        acceptor.interrupt();
        workers.shutdownNow();
        timeouts.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Credential c : credentials.values()) {
            c.close();
        }
        deleteRecursively(directory);
        return true;
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel connection;
            try {
                connection = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) {
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

    private void handle(SocketChannel connection) {
        ScheduledFuture<?> timeout = null;
        byte[] answer = null;
        try (connection) {
            timeout = timeouts.schedule(() -> closeQuietly(connection), CONNECTION_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
            // Read the request first (it holds no secret), so that a refused peer reads the refusal rather than a
            // broken pipe.
            String line = readLine(connection);
            if (!isOwner(connection)) {
                refusedPeers.incrementAndGet();
                write(connection, HelperProtocol.answer(false, "refused: the registry credential server of this block "
                        + "answers only the agent's own user"));
                return;
            }
            if (line == null) {
                return;
            }
            HelperProtocol.Request request = HelperProtocol.parse(line);
            answer = respond(request);
            write(connection, answer);
            if ("stop".equals(request.action()) && answer[0] == 'o') {
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
            if (timeout != null) {
                timeout.cancel(false);
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
                byte[] answer = HelperProtocol.credentialsAnswer(request.argument(), credential);
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
            case "stop": {
                byte[] given = request.argument().getBytes(StandardCharsets.US_ASCII);
                byte[] expected = stopToken().getBytes(StandardCharsets.US_ASCII);
                return MessageDigest.isEqual(given, expected) ? HelperProtocol.answer(true, "stopping")
                        : HelperProtocol.answer(false, "wrong stop token");
            }
            default:
                return HelperProtocol.answer(false, "Unknown credential action `" + sanitize(request.action()) + "`");
        }
    }

    /** Fails closed: a peer whose credentials cannot be read is refused. */
    private boolean isOwner(SocketChannel connection) throws IOException {
        UnixDomainPrincipal peer;
        try {
            peer = connection.getOption(ExtendedSocketOptions.SO_PEERCRED);
        } catch (UnsupportedOperationException e) {
            return false;
        }
        return peer != null && owner.equals(peer.user());
    }

    private static String readLine(SocketChannel connection) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(HelperProtocol.MAX_REQUEST);
        while (buffer.hasRemaining()) {
            int n = connection.read(buffer);
            for (int i = buffer.position() - Math.max(n, 0); i < buffer.position(); i++) {
                if (buffer.get(i) == '\n') {
                    return new String(buffer.array(), 0, i, StandardCharsets.UTF_8);
                }
            }
            if (n < 0) {
                // no newline, end of input: accept what came (a client that half-closes instead)
                return buffer.position() == 0 ? null : new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void write(SocketChannel connection, byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            connection.write(out);
        }
    }

    private void writeFiles(Options options) throws IOException {
        Path bin = Files.createDirectory(binDirectory(),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        writePrivate(configFile(), configJson(credentials.keySet()).getBytes(StandardCharsets.UTF_8), "rw-------");
        Path clientDir = directory.resolve("client");
        Path classFile = clientDir.resolve(HelperClient.class.getName().replace('.', '/') + ".class");
        Files.createDirectories(classFile.getParent());
        try (InputStream in = HelperClient.class.getResourceAsStream(HelperClient.class.getSimpleName() + ".class")) {
            if (in == null) {
                throw new IOException("cannot read " + HelperClient.class.getName() + ".class from this JVM's class path");
            }
            writePrivate(classFile, in.readAllBytes(), "rw-------");
        }
        Path java = options.java != null ? options.java : Path.of(System.getProperty("java.home"), "bin", "java");
        HelperScript.FastPath chosen = HelperScript.FastPath.NONE;
        Path tool = null;
        Path timeoutTool = HelperScript.find("timeout").stream().findFirst().orElse(null);
        if (options.fastPath && HelperScript.isPlain(socket)) {
            for (HelperScript.FastPath candidate : options.tools) {
                for (Path found : HelperScript.find(candidate == HelperScript.FastPath.SOCAT ? "socat" : "nc")) {
                    if (probe(candidate, found)) {
                        chosen = candidate;
                        tool = found;
                        break;
                    }
                }
                if (tool != null) {
                    break;
                }
            }
        }
        fastPath = chosen;
        writePrivate(bin.resolve(HelperScript.FILE_NAME),
                HelperScript.render(socket, java, clientDir, chosen, tool, timeoutTool).getBytes(StandardCharsets.UTF_8),
                "rwx------");
    }

    /** Whether {@code tool} gets {@code pong} from this server within 3 s. */
    private boolean probe(HelperScript.FastPath kind, Path tool) {
        List<String> command = new ArrayList<>(List.of(tool.toString()));
        if (kind == HelperScript.FastPath.SOCAT) {
            command.addAll(List.of("-t", "2", "-T", "2", "-", "UNIX-CONNECT:" + socket));
        } else {
            command.addAll(List.of("-U", "-w", "2", socket.toString()));
        }
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().close();
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return p.exitValue() == 0 && out.equals("ok\npong\n");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code config.json} for {@code registries}: only {@code credHelpers}, every registry under every key clients use. */
    static String configJson(Iterable<String> registries) {
        StringBuilder json = new StringBuilder("{\n  \"credHelpers\": {");
        String separator = "\n";
        for (String registry : registries) {
            for (String key : RegistryNames.configKeys(registry)) {
                json.append(separator).append("    ");
                HelperProtocol.appendJsonString(json, key);
                json.append(": \"").append(HelperScript.HELPER_NAME).append('"');
                separator = ",\n";
            }
        }
        return json.append("\n  }\n}\n").toString();
    }

    private static Path createDirectory(Path parent) throws IOException {
        Path base = parent != null ? parent : Path.of(System.getProperty("java.io.tmpdir"));
        if (parent == null && base.resolve(DIR_PREFIX + "0123456789012345678/" + SOCKET_NAME).toString().length()
                > MAX_SOCKET_PATH) {
            base = Path.of("/tmp");
        }
        Path dir = Files.createTempDirectory(base, DIR_PREFIX,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (dir.resolve(SOCKET_NAME).toString().length() > MAX_SOCKET_PATH) {
            deleteRecursively(dir);
            throw new IOException("the socket path under " + base + " would be longer than " + MAX_SOCKET_PATH
                    + " characters, which Unix domain sockets do not allow: use a shorter temporary directory");
        }
        return dir;
    }

    private static void writePrivate(Path file, byte[] content, String mode) throws IOException {
        Files.write(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))),
                content);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static void wipeAll(List<ServedCredential> served) {
        for (ServedCredential s : served) {
            s.credential().close();
        }
    }

    private static void closeQuietly(SocketChannel connection) {
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
        return "CredentialHelperServer[" + directory + ", registries " + credentials.keySet()
                + (closed ? ", closed" : "") + "]";
    }
}
