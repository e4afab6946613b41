package io.jenkins.registrypull.api;

import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.crypto.CryptoChoice;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.pull.PullTuning;
import io.jenkins.registrypull.pull.Sleeper;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.auth.AuthInterceptor;
import io.jenkins.registrypull.auth.AuthSession;
import io.jenkins.registrypull.auth.TokenClient;
import io.jenkins.registrypull.http.Deadline;
import io.jenkins.registrypull.http.ErrorResponses;
import io.jenkins.registrypull.http.HttpClientFactory;
import io.jenkins.registrypull.http.RedirectPolicy;
import io.jenkins.registrypull.http.RegistryEndpoint;
import io.jenkins.registrypull.mirror.MirrorSettings;
import io.jenkins.registrypull.mirror.NamespaceParameter;
import io.jenkins.registrypull.mirror.PullSource;
import io.jenkins.registrypull.mirror.SourcePlanner;
import io.jenkins.registrypull.pull.Puller;
import io.jenkins.registrypull.registry.RegistryClient;
import okhttp3.OkHttpClient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry point: pulls images. An engine can serve many pulls: it keeps connections to
 * registries and, per registry and credential, the login state and bearer tokens, so later pulls
 * through it skip the handshake. How long one lives is the caller's choice: the Jenkins plugin
 * makes one per pull (no login state outlives the pull), the CLI one per run ({@code pull --repeat}
 * reuses it), the benchmark one per worker JVM. Nothing it keeps is written anywhere;
 * {@link #close()} wipes the tokens.
 */
public final class PullEngine implements AutoCloseable {

    private final Clock clock;
    private final Sleeper sleeper;
    private final PullTuning tuning;
    private final JsonTrees json = new JsonTrees();
    private final HttpClientFactory http;
    private final ErrorResponses errors;
    private final TokenClient tokens;
    private final CryptoChoice crypto;
    private final Map<SessionKey, AuthSession> sessions = new ConcurrentHashMap<>();

    private record SessionKey(RegistryEndpoint endpoint, Credential credential) {
    }

    public PullEngine() {
        this(Clock.systemUTC());
    }

    public PullEngine(Clock clock) {
        this(clock, Sleeper.SYSTEM);
    }

    /**
     * @param clock   measures deadlines, token lifetimes and {@code Retry-After} dates
     * @param sleeper waits between retries
     */
    public PullEngine(Clock clock, Sleeper sleeper) {
        this(clock, sleeper, PullTuning.DEFAULT);
    }

    /**
     * An engine hashing blobs and speaking TLS with {@code crypto} ({@link CryptoChoice#jdk()} keeps to the JDK's
     * providers; the other constructors take native code where it loads).
     */
    public PullEngine(CryptoChoice crypto) {
        this(Clock.systemUTC(), Sleeper.SYSTEM, PullTuning.DEFAULT, crypto);
    }

    /**
     * An engine with other read buffer and durability settings than {@link PullTuning#DEFAULT}: the benchmark's
     * sweeps (bench/), nothing else.
     */
    public PullEngine(Clock clock, Sleeper sleeper, PullTuning tuning) {
        this(clock, sleeper, tuning, CryptoChoice.nativeWhereAvailable());
    }

    /**
     * @param clock   measures deadlines, token lifetimes and {@code Retry-After} dates
     * @param sleeper waits between retries
     * @param tuning  read buffer and durability ({@link PullTuning#DEFAULT} but in the benchmark)
     * @param crypto  where SHA-256 and TLS come from
     */
    public PullEngine(Clock clock, Sleeper sleeper, PullTuning tuning, CryptoChoice crypto) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.tuning = tuning;
        this.crypto = crypto;
        this.errors = new ErrorResponses(json, clock);
        this.http = new HttpClientFactory(UserAgent.value(), crypto);
        this.tokens = new TokenClient(json, clock);
    }

    /** Where this engine's SHA-256 and TLS come from. */
    public CryptoChoice crypto() {
        return crypto;
    }

    /**
     * Pulls one image as {@code options} say. The credential in the options is not wiped: the
     * caller owns it (and should close it when done).
     */
    public PullResult pull(PullOptions options, PullListener listener) throws RegistryException, InterruptedException {
        return pull(options, MirrorSettings.NONE, listener);
    }

    /**
     * Pulls one image from the places {@code mirrors} names for it (containers-registries.conf(5) semantics: the
     * longest matching prefix, its mirrors in order, then the registry, each with the reference rewritten to its
     * location). The pull's credential goes only to the registry; each mirror gets its own credential from
     * {@code mirrors}, or none. A blocked registry is refused before any request.
     */
    public PullResult pull(PullOptions options, MirrorSettings mirrors, PullListener listener)
            throws RegistryException, InterruptedException {
        List<PullSource> plan = new SourcePlanner(mirrors.registries()).plan(options.reference(), options.insecure(),
                options.caCertificatePem());
        if (plan.size() > 1) {
            listener.info("Sources for " + options.reference() + " (registries.conf): "
                    + String.join(", then ", plan.stream().map(PullSource::describe).toList()) + ".");
        }
        Deadline deadline = Deadline.after(clock, options.timeout());
        List<Puller.Source> sources = new ArrayList<>();
        for (PullSource source : plan) {
            Credential credential = source.mirror() ? mirrors.credentialFor(source.location()) : options.credential();
            sources.add(new Puller.Source(client(source, credential, options, deadline), source.url(),
                    source.mirror()));
        }
        return new Puller(json, clock, sleeper, tuning, crypto).pull(options, sources, listener, deadline);
    }

    private RegistryClient client(PullSource source, Credential credential, PullOptions options, Deadline deadline)
            throws InvalidInputException {
        RegistryEndpoint endpoint = source.endpoint();
        // Derived clients share the base client's connection pool: later pulls reuse its connections.
        OkHttpClient timed = http.forEndpoint(endpoint, options.protocol()).newBuilder()
                .readTimeout(options.readTimeout()).writeTimeout(options.readTimeout()).build();
        AuthSession session = session(endpoint, credential);
        // the probe and token requests, the manifests and blobs: one redirect policy, one deadline
        RedirectPolicy unauthenticated = new RedirectPolicy(timed, endpoint, deadline);
        OkHttpClient.Builder authenticated = timed.newBuilder()
                .addInterceptor(new AuthInterceptor(session, unauthenticated));
        if (source.namespace() != null) {
            authenticated.addInterceptor(new NamespaceParameter(endpoint, source.namespace()));
        }
        String image = options.reference().repository();
        String onServer = source.reference().repository();
        return new RegistryClient(authenticated.build(), endpoint, errors, credential, deadline,
                repository -> repository.equals(image) ? onServer : repository);
    }

    private AuthSession session(RegistryEndpoint endpoint, Credential credential) {
        sessions.entrySet().removeIf(e -> {
            if (e.getKey().credential().isWiped()) {
                e.getValue().close();
                return true;
            }
            return false;
        });
        return sessions.computeIfAbsent(new SessionKey(endpoint, credential), key -> new AuthSession(endpoint,
                credential, tokens, errors, clock));
    }

    @Override
    public void close() {
        sessions.values().forEach(AuthSession::close);
        sessions.clear();
        http.close();
    }
}
