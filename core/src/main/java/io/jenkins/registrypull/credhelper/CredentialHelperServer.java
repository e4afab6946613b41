package io.jenkins.registrypull.credhelper;

import io.jenkins.registrypull.credential.Credential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * runs when the block ends, on {@code STOP-TOKEN stop} ({@link HelperStopClient#requestStop}, what a Jenkins controller
 * uses, with a token only it knows), and from a JVM shutdown hook. A JVM killed outright takes the secrets with it; the
 * key file it leaves opens nothing (the port is closed), and the helper then fails at once. A server holds no static
 * state: several blocks on one agent each have their own.
 *
 * <p>The parts: {@link BlockDirectory} (the files), {@link LoopbackServer} (the socket), {@link HelperRequests} (the
 * protocol's answers); this class starts and stops them together.
 */
public final class CredentialHelperServer implements AutoCloseable {
    /** Environment variable names the block's processes get. */
    public static final String DOCKER_CONFIG = "DOCKER_CONFIG";
    public static final String REGISTRY_AUTH_FILE = "REGISTRY_AUTH_FILE";

    static final String CONFIG_NAME = "config.json";

    private final BlockDirectory directory;
    private final Map<String, Credential> credentials;
    private final AccessKey capability;
    private final AccessKey stopToken;
    private final HelperRequests requests;
    private final LoopbackServer server;
    private final List<String> notes;
    private final Thread shutdownHook;
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

    private CredentialHelperServer(BlockDirectory directory, Map<String, Credential> credentials, List<String> notes)
            throws IOException {
        this.directory = directory;
        this.credentials = credentials;
        this.notes = notes;
        this.capability = AccessKey.random();
        this.stopToken = AccessKey.random();
        this.requests = new HelperRequests(credentials, capability, stopToken, () -> closed);
        String name = directory.path().getFileName().toString();
        this.server = LoopbackServer.bind(name, requests, this::close);
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
        CredentialHelperServer started = null;
        try {
            Path parent = options.parentDirectory != null ? options.parentDirectory
                    : Path.of(System.getProperty("java.io.tmpdir"));
            directory = BlockDirectory.create(parent);
            MergedDockerConfig config = MergedDockerConfig.build(options.resolveUserDockerConfig(), byRegistry.keySet());
            started = new CredentialHelperServer(directory, byRegistry, config.notes());
            directory.writeKey(started.capability);
            directory.writeConfig(config);
            directory.writeClient();
            Path java = options.java != null ? options.java : Path.of(System.getProperty("java.home"), "bin", "java");
            directory.writeHelper(HelperScript.render(directory.path(), started.port(), java,
                    directory.clientClassPath()));
            started.server.start();
            Runtime.getRuntime().addShutdownHook(started.shutdownHook);
            return started;
        } catch (IOException | RuntimeException | Error e) {
            if (started != null) {
                started.shutdown();
            } else {
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
        return server.port();
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
     * The token that {@link HelperStopClient#requestStop} must present: hex of 32 random bytes. Not a registry secret: it only lets
     * its holder end this block's credentials early.
     */
    public String stopToken() {
        return stopToken.hex();
    }

    /** How many {@code get} requests were answered with credentials. */
    public long answered() {
        return requests.answered();
    }

    /** How many requests were refused because they did not present the block's key. */
    public long refusedPeers() {
        return requests.refused();
    }

    public boolean isClosed() {
        return closed;
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
        server.close();
        for (Credential c : credentials.values()) {
            c.close();
        }
        directory.delete();
        return true;
    }

    private static void wipeAll(List<ServedCredential> served) {
        for (ServedCredential s : served) {
            s.credential().close();
        }
    }

    @Override
    public String toString() {
        return "CredentialHelperServer[" + directory.path() + ", 127.0.0.1:" + server.port() + ", registries "
                + credentials.keySet() + (closed ? ", closed" : "") + "]";
    }
}
