package io.jenkins.registrypull.testkit;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A token server for registry token auth, in this JVM, over HTTPS on 127.0.0.1 with a
 * {@link TestCa}. It signs JWTs that a {@link RegistryServer} started with
 * {@link RegistryServer#tokenTls(TokenServer)} trusts.
 *
 * <p>Everything a client meets at real token servers can be switched on from a test: users and
 * per-repository grants (asking for more than granted yields a token with less, as Docker Hub
 * does), anonymous pull, GET with Basic or no credentials, OAuth2 POST with password and
 * refresh-token grants (or POST answering 404), the response's fields, the token lifetime, and
 * a request log to count token requests and to prove no secret went into a URL.
 *
 * <p>The JDK's {@code HttpsServer} is used rather than a mock server so the fixture needs no
 * test-framework dependency and speaks plain HTTP/1.1 over TLS like many real token servers.
 *
 * <p>Expiry: registry 2.8 accepts a token up to 60 s after its {@code exp}. To make a token die
 * in the middle of a pull, set a short {@code ttl} and {@code cancelRegistryLeeway}:
 * {@code server.updateSettings(s -> s.withTtl(Duration.ofSeconds(5)).withCancelRegistryLeeway(true))}.
 * The client is still told {@code expires_in: 5}, and the registry refuses the token after ~5 s.
 */
public final class TokenServer implements AutoCloseable {

    /** The realm path; the realm is {@code https://127.0.0.1:PORT/token}. */
    public static final String PATH = "/token";

    private final TestCa ca;
    private final String service;
    private final String issuer;
    private final TokenSigner signer;
    private final TokenMint mint;
    private final AccessControl access = new AccessControl();
    private final RefreshTokens refreshTokens = new RefreshTokens();
    private final AtomicReference<TokenSettings> settings = new AtomicReference<>(TokenSettings.defaults());
    private final TokenRequestLog log = new TokenRequestLog();
    private final Path directory;
    private final Path rootCertBundle;
    private final HttpServer server;
    private final boolean plainHttp;
    private final ExecutorService executor;
    private boolean closed;

    private TokenServer(Builder builder) {
        this.ca = builder.ca;
        this.service = builder.service;
        this.issuer = builder.issuer;
        this.signer = new TokenSigner(builder.algorithm);
        this.mint = new TokenMint(signer, issuer, service, builder.clock);
        this.directory = TempDirs.create("testkit-token-");
        try {
            this.rootCertBundle = Files.writeString(directory.resolve("token-signer.pem"), signer.certificatePem(),
                    StandardCharsets.US_ASCII);
            InetSocketAddress address = new InetSocketAddress(FreePort.loopback(), 0);
            this.server = builder.plainHttp ? HttpServer.create(address, 64) : HttpsServer.create(address, 64);
        } catch (IOException e) {
            TempDirs.deleteRecursively(directory);
            throw new UncheckedIOException("cannot start the token server", e);
        }
        this.plainHttp = builder.plainHttp;
        if (server instanceof HttpsServer https) {
            https.setHttpsConfigurator(new HttpsConfigurator(ca.serverCertificates().sslContext()));
        }
        server.createContext("/", new TokenEndpoint(PATH, service, access, mint, refreshTokens, settings::get, log,
                builder.clock));
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "testkit-token-server-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
    }

    /** A token server with a fresh CA, service {@code testkit-registry}, issuer {@code testkit-token-issuer}, ES256. */
    public static TokenServer start() {
        return builder(TestCa.create()).start();
    }

    /** A token server with defaults, serving HTTPS with {@code ca}'s server certificate. */
    public static TokenServer start(TestCa ca) {
        return builder(ca).start();
    }

    public static Builder builder(TestCa ca) {
        return new Builder(ca);
    }

    // ---- configuration, callable at any time ----

    /** Adds (or replaces) a user. */
    public TokenServer addUser(TestUser user) {
        access.addUser(user);
        return this;
    }

    /**
     * Grants {@code actions} ({@code pull}, {@code push}, {@code delete}, {@code *}) on a repository;
     * {@code "*"} as repository means every repository.
     */
    public TokenServer grant(String username, String repository, String... actions) {
        access.grant(username, repository, List.of(actions));
        return this;
    }

    /** Adds a user and grants it pull on the given repositories. */
    public TokenServer addPuller(TestUser user, String... repositories) {
        addUser(user);
        for (String repository : repositories) {
            grant(user.username(), repository, "pull");
        }
        return this;
    }

    /** Takes every grant away from a user (its tokens then carry no access). */
    public TokenServer revokeGrants(String username) {
        access.revokeAll(username);
        return this;
    }

    /** Lets anyone, without credentials, get a token with pull on {@code repository}. */
    public TokenServer allowAnonymousPull(String repository) {
        access.allowAnonymousPull(repository);
        return this;
    }

    /** Forgets every refresh token issued so far: later refresh grants answer 401. */
    public TokenServer revokeRefreshTokens() {
        refreshTokens.revokeAll();
        return this;
    }

    /**
     * Issues a refresh token for {@code username} as the POST refresh grant then accepts it, for a fake that
     * hands out refresh tokens on the registry's behalf (Azure Container Registry's {@code /oauth2/exchange}).
     */
    public String issueRefreshToken(String username) {
        return refreshTokens.issue(username);
    }

    public TokenSettings settings() {
        return settings.get();
    }

    /** Changes how the server answers, atomically, e.g. {@code updateSettings(s -> s.withPostEnabled(false))}. */
    public TokenServer updateSettings(UnaryOperator<TokenSettings> change) {
        settings.updateAndGet(change);
        return this;
    }

    // ---- use ----

    /**
     * Signs a token for {@code subject} with exactly {@code access}, without an HTTP request and
     * without a log entry: for fixtures (the pusher) and for tests that need a token of a given shape.
     */
    public IssuedToken mintToken(String subject, List<Scope> access) {
        return mint.mint(subject, access, settings.get());
    }

    /**
     * Like {@link #mintToken(String, List)} but with its own lifetime, ignoring the test's
     * settings: fixtures that must keep working while a test makes tokens expire use this.
     */
    public IssuedToken mintToken(String subject, List<Scope> access, java.time.Duration lifetime) {
        return mint.mint(subject, access, TokenSettings.defaults().withTtl(lifetime));
    }

    public TokenRequestLog requests() {
        return log;
    }

    /**
     * Every access token (JWT) signed so far, by request or by {@link #mintToken}: the bearer tokens a leak test
     * searches for.
     */
    public java.util.Collection<String> issuedTokens() {
        return mint.issuedTokens();
    }

    /** Every refresh (identity) token issued so far and not revoked. */
    public java.util.Collection<String> issuedRefreshTokens() {
        return refreshTokens.all();
    }

    /** {@code https://127.0.0.1:PORT/token} ({@code http://} for a {@link Builder#plainHttp()} server). */
    public String realm() {
        return (plainHttp ? "http://" : "https://") + FreePort.loopback().getHostAddress() + ":" + port() + PATH;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String service() {
        return service;
    }

    public String issuer() {
        return issuer;
    }

    /** PEM of the signing certificate: the registry's {@code auth.token.rootcertbundle}. */
    public Path rootCertBundle() {
        return rootCertBundle;
    }

    /** The {@code kid} header of every token: the libtrust key id of the signing key. */
    public String signingKeyId() {
        return signer.keyId();
    }

    /** The signing key's public key, for tests that verify tokens themselves. */
    public java.security.PublicKey signingPublicKey() {
        return signer.heldCertificate().keyPair().getPublic();
    }

    /** The CA whose server certificate this server presents. */
    public TestCa ca() {
        return ca;
    }

    /** Stops the HTTP server, its threads, and deletes its directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.stop(0);
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            TempDirs.deleteRecursively(directory);
        }
    }

    @Override
    public String toString() {
        return "TokenServer[" + realm() + ", service=" + service + "]";
    }

    /** Options fixed for the server's life. */
    public static final class Builder {
        private final TestCa ca;
        private String service = "testkit-registry";
        private String issuer = "testkit-token-issuer";
        private SigningAlgorithm algorithm = SigningAlgorithm.ES256;
        private Clock clock = Clock.systemUTC();
        private TokenSettings initial = TokenSettings.defaults();
        private boolean plainHttp;

        private Builder(TestCa ca) {
            this.ca = Objects.requireNonNull(ca, "ca");
        }

        public Builder service(String value) {
            this.service = Objects.requireNonNull(value);
            return this;
        }

        public Builder issuer(String value) {
            this.issuer = Objects.requireNonNull(value);
            return this;
        }

        public Builder algorithm(SigningAlgorithm value) {
            this.algorithm = Objects.requireNonNull(value);
            return this;
        }

        /** The clock for {@code iat}/{@code nbf}/{@code exp}; a fixed clock in the past makes expired tokens. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        public Builder settings(TokenSettings value) {
            this.initial = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Serve plain HTTP instead of HTTPS: for tests of clients that must refuse to send credentials to such a
         * realm (unless the registry itself is an explicitly insecure plain-HTTP one).
         */
        public Builder plainHttp() {
            this.plainHttp = true;
            return this;
        }

        public TokenServer start() {
            TokenServer server = new TokenServer(this);
            server.settings.set(initial);
            return server;
        }
    }
}
