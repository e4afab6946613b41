package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A real registry (Debian's {@code docker-registry}, CNCF distribution 2.8) on 127.0.0.1, in a
 * fresh temp directory that holds its config, storage, certificates and log.
 *
 * <p>Modes: {@link #openHttp()} (no auth), {@link #htpasswdTls(TestUser...)} (Basic over TLS),
 * {@link #tokenTls(TokenServer)} (Bearer tokens from a {@link TokenServer}, over TLS), and any
 * other combination through {@link #builder()}.
 *
 * <p>Lifecycle: the constructor returns only once {@code GET /v2/} answers 200 or 401; a start
 * that fails throws with the registry's log in the message. {@link #close()} stops the process
 * by its pid (SIGTERM, then SIGKILL after a grace period), waits for it and deletes the
 * directory. A JVM shutdown hook does the same for an instance a test forgot to close.
 */
public final class RegistryServer implements AutoCloseable {

    /** Debian's registry binary; never the one in PATH, which could be anything. */
    public static final String BINARY = "/usr/bin/docker-registry";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 5;

    private final RegistryAuth auth;
    private final TestCa ca;
    private final TokenServer tokenServer;
    private final List<TestUser> users;
    private final Path rootDir;
    private final Path logFile;
    private final int port;
    private final Process process;
    private final Duration startDuration;
    private final Thread shutdownHook;
    private boolean closed;

    private RegistryServer(Builder builder, Path rootDir, Path logFile, int port, Process process,
            Duration startDuration) {
        this.auth = builder.auth;
        this.ca = builder.ca;
        this.tokenServer = builder.tokenServer;
        this.users = List.copyOf(builder.users);
        this.rootDir = rootDir;
        this.logFile = logFile;
        this.port = port;
        this.process = process;
        this.startDuration = startDuration;
        this.shutdownHook = new Thread(() -> ProcessTree.stop(process, Duration.ofSeconds(2)),
                "testkit-registry-stop-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Plain HTTP, no authentication. */
    public static RegistryServer openHttp() {
        return builder().start();
    }

    /** TLS with {@code ca}'s server certificate, no authentication. */
    public static RegistryServer openTls(TestCa ca) {
        return builder().tls(ca).start();
    }

    /** htpasswd Basic auth over TLS, with a fresh {@link TestCa}. */
    public static RegistryServer htpasswdTls(TestUser... users) {
        return builder().tls(TestCa.create()).htpasswd(users).start();
    }

    /** htpasswd Basic auth over TLS with the given CA. */
    public static RegistryServer htpasswdTls(TestCa ca, TestUser... users) {
        return builder().tls(ca).htpasswd(users).start();
    }

    /**
     * htpasswd Basic auth over plain HTTP, which the registry accepts: for tests proving a
     * client refuses to send Basic credentials over plain HTTP unless told the registry is insecure.
     */
    public static RegistryServer htpasswdHttp(TestUser... users) {
        return builder().htpasswd(users).start();
    }

    /** Token auth over TLS, trusting {@code tokenServer}'s signing key, with the token server's CA. */
    public static RegistryServer tokenTls(TokenServer tokenServer) {
        return builder().tls(tokenServer.ca()).token(tokenServer).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:PORT}, the registry part of an image reference. */
    public String hostPort() {
        return FreePort.loopback().getHostAddress() + ":" + port;
    }

    public int port() {
        return port;
    }

    /** {@code https://127.0.0.1:PORT}, or {@code http://} for a registry without TLS. */
    public String baseUrl() {
        return (isTls() ? "https://" : "http://") + hostPort();
    }

    public boolean isTls() {
        return ca != null;
    }

    /** The CA of the registry's certificate; null for plain HTTP. */
    public TestCa ca() {
        return ca;
    }

    public RegistryAuth auth() {
        return auth;
    }

    /** The token server this registry trusts; null unless {@link RegistryAuth#TOKEN}. */
    public TokenServer tokenServer() {
        return tokenServer;
    }

    /** The htpasswd users; empty unless {@link RegistryAuth#HTPASSWD}. */
    public List<TestUser> users() {
        return users;
    }

    /** The instance's directory: config.yml, storage/, registry.log, certificates. */
    public Path rootDir() {
        return rootDir;
    }

    public long pid() {
        return process.pid();
    }

    /** How long the start took, from launching the process to the first answer of {@code /v2/}. */
    public Duration startDuration() {
        return startDuration;
    }

    /** The last 16 KiB of the registry's log (stdout and stderr), for failure messages. */
    public String logTail() {
        return tail(logFile, 16 * 1024);
    }

    /** The registry's whole log so far (stdout and stderr: access log lines and its own messages). */
    public String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** An OkHttp builder that trusts this registry's CA (or plain, for HTTP). */
    public OkHttpClient.Builder clientBuilder() {
        return ca == null ? new OkHttpClient.Builder() : ca.trustingClientBuilder();
    }

    /** Stops the registry by pid, waits for it, deletes its directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!ProcessTree.stop(process, STOP_GRACE)) {
                throw new IllegalStateException("registry pid " + process.pid() + " did not stop");
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException jvmShuttingDown) {
                // the hook runs anyway; nothing left to undo
            }
            TempDirs.deleteRecursively(rootDir);
        }
    }

    @Override
    public String toString() {
        return "RegistryServer[" + baseUrl() + ", auth=" + auth + ", pid=" + process.pid() + "]";
    }

    private static String tail(Path file, int maxBytes) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - maxBytes);
            in.seek(start);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Mode and options of one registry instance. */
    public static final class Builder {
        private TestCa ca;
        private RegistryAuth auth = RegistryAuth.NONE;
        private final List<TestUser> users = new ArrayList<>();
        private TokenServer tokenServer;
        private boolean schema1Enabled;
        private String realmOverride;
        private String proxyRemoteUrl;
        private TestUser proxyUser;
        private TestCa proxyTrust;

        private Builder() {
        }

        /**
         * A pull-through cache of {@code remote} ({@code proxy.remoteurl}): manifests and blobs it lacks are fetched
         * from there, logging in as {@code user} (null: anonymously), then kept and served. It trusts the remote's
         * and its token server's CA through {@code SSL_CERT_FILE}. A cache refuses pushes.
         */
        public Builder proxyOf(RegistryServer remote, TestUser user) {
            this.proxyRemoteUrl = remote.baseUrl();
            this.proxyUser = user;
            this.proxyTrust = remote.ca();
            return this;
        }

        /**
         * With token auth: announce {@code realm} in the registry's challenges instead of the token server's own
         * (a misconfigured or hostile registry, e.g. one naming a cloud metadata address); tokens are still
         * verified against the token server's key.
         */
        public Builder realm(String realm) {
            this.realmOverride = Objects.requireNonNull(realm, "realm");
            return this;
        }

        /** Serve HTTPS with {@code ca}'s server certificate. */
        public Builder tls(TestCa value) {
            this.ca = Objects.requireNonNull(value, "ca");
            return this;
        }

        /** htpasswd Basic auth with these users. */
        public Builder htpasswd(TestUser... value) {
            if (value.length == 0) {
                throw new IllegalArgumentException("htpasswd needs at least one user");
            }
            this.auth = RegistryAuth.HTPASSWD;
            this.users.addAll(List.of(value));
            return this;
        }

        /** Token auth trusting {@code value}'s signing key. */
        public Builder token(TokenServer value) {
            this.auth = RegistryAuth.TOKEN;
            this.tokenServer = Objects.requireNonNull(value, "tokenServer");
            return this;
        }

        /**
         * Accept pushes of (signed) schema 1 manifests ({@code compatibility.schema1.enabled}); a
         * registry 2.8 refuses them by default with {@code MANIFEST_INVALID}.
         */
        public Builder schema1Enabled() {
            this.schema1Enabled = true;
            return this;
        }

        /** Starts the registry and waits until it answers; throws with its log if it does not. */
        public RegistryServer start() {
            Path dir = TempDirs.create("testkit-registry-");
            try {
                return startIn(dir);
            } catch (RuntimeException | Error e) {
                TempDirs.deleteRecursively(dir);
                throw e;
            }
        }

        private RegistryServer startIn(Path dir) {
            Path cert = null;
            Path key = null;
            if (ca != null) {
                cert = ca.writeServerCertificatePem(dir.resolve("server.crt"));
                key = ca.writeServerKeyPem(dir.resolve("server.key"));
            }
            Path htpasswd = null;
            Path bundle = null;
            try {
                if (auth == RegistryAuth.HTPASSWD) {
                    htpasswd = Files.writeString(dir.resolve("htpasswd"), Htpasswd.file(users));
                }
                if (auth == RegistryAuth.TOKEN) {
                    bundle = Files.copy(tokenServer.rootCertBundle(), dir.resolve("token-bundle.pem"));
                }
                Files.createDirectories(dir.resolve("storage"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path log = dir.resolve("registry.log");
            String lastLog = "";
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int port = FreePort.find();
                RegistryConfig config = new RegistryConfig(port, dir.resolve("storage"), cert, key, auth, htpasswd,
                        tokenServer == null ? null : realmOverride != null ? realmOverride : tokenServer.realm(),
                        tokenServer == null ? null : tokenServer.service(),
                        tokenServer == null ? null : tokenServer.issuer(), bundle, schema1Enabled, proxyRemoteUrl,
                        proxyUser);
                Path configFile = dir.resolve("config.yml");
                long started = System.nanoTime();
                Process process;
                try {
                    Files.writeString(configFile, config.toYaml());
                    Files.deleteIfExists(log);
                    ProcessBuilder builder = new ProcessBuilder(BINARY, "serve", configFile.toString())
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile());
                    builder.environment().clear();
                    builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
                    builder.environment().put("HOME", dir.toString());
                    if (proxyTrust != null) {
                        builder.environment().put("SSL_CERT_FILE",
                                proxyTrust.writeCaPem(dir.resolve("remote-ca")).toString());
                    }
                    process = builder.start();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start " + BINARY + " (apt-get install docker-registry)", e);
                }
                boolean ready = false;
                try {
                    ready = awaitReady(process, port);
                } finally {
                    if (!ready) {
                        ProcessTree.stop(process, Duration.ofSeconds(5));
                    }
                }
                if (ready) {
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    return new RegistryServer(this, dir, log, port, process, took);
                }
                lastLog = tail(log, 16 * 1024);
                if (!lastLog.contains("address already in use")) {
                    break;
                }
            }
            throw new IllegalStateException("registry (" + auth + (ca == null ? ", http" : ", tls")
                    + ") did not start; its log:\n" + lastLog);
        }

        private boolean awaitReady(Process process, int port) {
            OkHttpClient client = (ca == null ? new OkHttpClient.Builder() : ca.trustingClientBuilder())
                    .connectTimeout(1, TimeUnit.SECONDS)
                    .readTimeout(2, TimeUnit.SECONDS)
                    .retryOnConnectionFailure(false)
                    .build();
            String url = (ca == null ? "http://" : "https://") + FreePort.loopback().getHostAddress() + ":" + port
                    + "/v2/";
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    if (!process.isAlive()) {
                        return false;
                    }
                    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
                        if (response.code() == 200 || response.code() == 401) {
                            return true;
                        }
                    } catch (IOException notYet) {
                        // not listening yet
                    }
                    Thread.sleep(20);
                }
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                client.dispatcher().executorService().shutdown();
                client.connectionPool().evictAll();
            }
        }
    }
}
