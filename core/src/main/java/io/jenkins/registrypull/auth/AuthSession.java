package io.jenkins.registrypull.auth;

import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.InsecureConnectionException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.UnauthorizedException;
import io.jenkins.registrypull.error.UnsupportedAuthenticationException;
import io.jenkins.registrypull.http.ConnectionErrors;
import io.jenkins.registrypull.http.ErrorResponses;
import io.jenkins.registrypull.http.RedirectPolicy;
import io.jenkins.registrypull.http.RegistryEndpoint;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The login state for one registry and one credential: what the registry asked for when probed
 * ({@code GET /v2/}), and the bearer tokens obtained so far, per scope, until shortly before
 * they expire. Everything stays in memory; {@link #close()} wipes the tokens.
 */
public final class AuthSession implements AutoCloseable {

    private enum Scheme { UNKNOWN, NONE, BASIC, BEARER }

    private final RegistryEndpoint endpoint;
    private final Credential credential;
    private final TokenClient tokens;
    private final ErrorResponses errors;
    private final Clock clock;

    private Scheme scheme = Scheme.UNKNOWN;
    private Challenge bearerChallenge;
    /** What {@link Credential#current()} gave for the last Basic header, to renew it if the registry refuses it. */
    private Credential sentBasic;
    private final Map<String, BearerToken> tokensByScope = new HashMap<>();
    private final Map<String, Set<String>> extraScopes = new HashMap<>();

    public AuthSession(RegistryEndpoint endpoint, Credential credential, TokenClient tokens, ErrorResponses errors,
                       Clock clock) {
        this.endpoint = endpoint;
        this.credential = credential;
        this.tokens = tokens;
        this.errors = errors;
        this.clock = clock;
    }

    public RegistryEndpoint endpoint() {
        return endpoint;
    }

    public Credential credential() {
        return credential;
    }

    /**
     * Probes {@code GET /v2/} once to learn whether and how the registry wants credentials.
     * Later calls return at once.
     *
     * @param http the pull's unauthenticated requests: the probe follows only redirects within the
     *             registry's origin, and the pull's deadline bounds it
     */
    public synchronized void ping(RedirectPolicy http) throws RegistryException {
        if (scheme != Scheme.UNKNOWN) {
            return;
        }
        Request probe = new Request.Builder().url(endpoint.v2().addPathSegment("").build()).get().build();
        String action = "probing the registry API at " + endpoint + "/v2/";
        String what = "the registry API probe (GET " + endpoint + "/v2/)";
        try (Response response = http.execute(probe, what, RedirectPolicy.Hops.SAME_ORIGIN).response()) {
            if (response.isSuccessful()) {
                scheme = Scheme.NONE;
                return;
            }
            if (response.code() == 401) {
                learn(ChallengeParser.parse(response.headers("WWW-Authenticate")));
                if (scheme == Scheme.UNKNOWN) {
                    throw unsupported(response);
                }
                return;
            }
            if (response.code() == 404) {
                throw new io.jenkins.registrypull.error.NotFoundException("HTTP 404 from " + endpoint.host() + " while "
                        + action + ": this host does not serve the registry API (/v2/). Check the registry host"
                        + " and port in the image reference.", 404, List.of());
            }
            throw errors.toException(response, action, "/v2/", credential, false);
        } catch (IOException e) {
            throw ConnectionErrors.describe(e, endpoint.host(), action);
        }
    }

    /**
     * The failure for a 401 whose challenges name only schemes this engine does not speak (or none),
     * or null when it names Basic or Bearer.
     */
    public UnsupportedAuthenticationException unsupported(Response unauthorized) {
        List<String> values = unauthorized.headers("WWW-Authenticate");
        List<Challenge> challenges = ChallengeParser.parse(values);
        if (challenges.stream().anyMatch(c -> c.isBasic() || c.isBearer())) {
            return null;
        }
        List<String> schemes = challenges.stream().map(Challenge::scheme).distinct().limit(5)
                .map(ChallengeParser::printable).toList();
        String asked = schemes.isEmpty() ? "authentication without naming a scheme it supports (no usable"
                + " WWW-Authenticate challenge)" : String.join(", ", schemes) + " authentication";
        return new UnsupportedAuthenticationException("The registry " + endpoint.host() + " asks for " + asked
                + ", which is not supported; supported: Basic, Bearer. No credentials were sent. Use the registry's"
                + " token or Basic endpoint (many registries offer one for Docker clients), or pull through a"
                + " registry mirror that does.");
    }

    /** The Authorization value for a request on {@code repository}, or null when none is needed. */
    public synchronized String authorization(String repository, RedirectPolicy http) throws RegistryException {
        ping(http);
        switch (scheme) {
            case BASIC:
                Credential now = credential.current();
                if (now instanceof Credential.UsernamePassword up) {
                    sentBasic = up;
                    return BasicAuthorization.of(up);
                }
                if (now instanceof Credential.IdentityToken) {
                    throw new InsecureConnectionException("the registry " + endpoint.host() + " asks for Basic"
                            + " authentication, which cannot carry an identity token; use a username and password"
                            + " credential for this registry");
                }
                return null;
            case BEARER:
                return "Bearer " + token(repository, http).token().reveal();
            default:
                return null;
        }
    }

    /**
     * Called on a 401 answer. Learns the registry's fresh challenge and says whether one retry
     * with a new token may succeed: when the token was rejected ({@code invalid_token}), lacked a
     * scope ({@code insufficient_scope}), or when no credentials had been sent yet; and, for a minted credential
     * sent as Basic, after renewing it once.
     */
    public synchronized boolean shouldRetry(Response unauthorized, String repository, String sentAuthorization)
            throws RegistryException {
        List<Challenge> challenges = ChallengeParser.parse(unauthorized.headers("WWW-Authenticate"));
        Challenge bearer = challenges.stream().filter(Challenge::isBearer).findFirst().orElse(null);
        if (sentAuthorization == null) {
            Scheme before = scheme;
            learn(challenges);
            return scheme != before || scheme == Scheme.BEARER;
        }
        if (scheme == Scheme.BASIC && sentBasic != null && sentAuthorization.startsWith("Basic ")) {
            Credential rejected = sentBasic;
            sentBasic = null;
            return credential.renewAfterRejection(rejected);
        }
        if (bearer == null || scheme != Scheme.BEARER) {
            return false;
        }
        String error = bearer.error() == null ? "" : bearer.error().toLowerCase(Locale.ROOT);
        if (!error.isEmpty() && !error.equals("invalid_token") && !error.equals("insufficient_scope")) {
            return false;
        }
        if (bearer.realm() != null) {
            bearerChallenge = bearer;
        }
        String key = scopeKey(repository);
        if (bearer.scope() != null) {
            for (String s : bearer.scope().trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    extraScopes.computeIfAbsent(key, k -> new TreeSet<>()).add(s);
                }
            }
        }
        BearerToken stale = tokensByScope.remove(key);
        if (stale != null) {
            stale.close();
        }
        return true;
    }

    /** Whether a 401 answer says the token lacked the scope (the account may not pull the repository). */
    public static boolean isInsufficientScope(Response response) {
        return ChallengeParser.parse(response.headers("WWW-Authenticate")).stream()
                .anyMatch(c -> c.isBearer() && "insufficient_scope".equalsIgnoreCase(c.error()));
    }

    private BearerToken token(String repository, RedirectPolicy http) throws RegistryException {
        String key = scopeKey(repository);
        BearerToken cached = tokensByScope.get(key);
        if (cached != null && cached.isFresh(clock.instant())) {
            return cached;
        }
        Set<String> scopes = new TreeSet<>();
        if (repository != null) {
            scopes.add(Scope.pull(repository).toString());
        }
        scopes.addAll(extraScopes.getOrDefault(key, Set.of()));
        String what = repository == null ? endpoint.host() : repository;
        Credential sent = credential.current(); // what fetch resolves too, unless another thread renews meanwhile
        BearerToken fresh;
        try {
            fresh = tokens.fetch(http, bearerChallenge, credential, scopes, what);
        } catch (UnauthorizedException refused) {
            // a minted credential the token server refuses (revoked, or expired early): renew it once and retry
            if (!credential.renewAfterRejection(sent)) {
                throw refused;
            }
            fresh = tokens.fetch(http, bearerChallenge, credential, scopes, what);
        }
        BearerToken old = tokensByScope.put(key, fresh);
        if (old != null) {
            old.close();
        }
        return fresh;
    }

    private static String scopeKey(String repository) {
        return repository == null ? "" : repository;
    }

    private void learn(List<Challenge> challenges) {
        for (Challenge c : challenges) {
            if (c.isBearer()) {
                bearerChallenge = c;
                scheme = Scheme.BEARER;
                return;
            }
        }
        for (Challenge c : challenges) {
            if (c.isBasic()) {
                scheme = Scheme.BASIC;
                return;
            }
        }
    }

    @Override
    public synchronized void close() {
        tokensByScope.values().forEach(BearerToken::close);
        tokensByScope.clear();
    }
}
