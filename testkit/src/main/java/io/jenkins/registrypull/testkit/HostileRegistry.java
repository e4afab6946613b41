package io.jenkins.registrypull.testkit;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A registry that attacks its client: a plain-HTTP loopback server (MockWebServer) that serves one
 * small, valid image ({@code team/app:1.0}, from {@link TestImages#small}) the way registry:2 does,
 * anonymously or behind a bearer token realm of its own ({@code /token}), and lets a test replace the
 * answer of any {@link Route} with an attack: a redirect to a metadata address or another port, a body
 * trickled byte by byte, an answer that never comes, a token that is not one, a challenge of 100 KB...
 * The static methods build those answers. Every request is recorded.
 *
 * <pre>{@code
 * try (HostileRegistry registry = HostileRegistry.start(HostileRegistry.Auth.BEARER)) {
 *     registry.answer(Route.PROBE, HostileRegistry.redirect("http://169.254.169.254/latest/meta-data/"));
 *     // pull registry.image() with the engine, insecure (plain http): it must refuse
 * }
 * }</pre>
 */
public final class HostileRegistry implements AutoCloseable {

    /** How the registry asks for credentials when no attack replaces its answers. */
    public enum Auth {
        NONE,
        /** Any Basic credentials are taken (a hostile registry has no reason to check them). */
        BASIC,
        BEARER
    }

    /** What a request asked for. */
    public enum Route { PROBE, TOKEN, MANIFEST, CONFIG, LAYER, OTHER }

    public static final String REPOSITORY = "team/app";
    public static final String TAG = "1.0";
    /** The token this registry issues and accepts, when no attack replaces the token answer. */
    public static final String TOKEN = "hostile-fixture-token";

    private final MockWebServer server = new MockWebServer();
    private final Auth auth;
    private final BuiltImage image = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
    private final Map<Route, Function<RecordedRequest, MockResponse>> attacks = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private HostileRegistry(Auth auth) {
        this.auth = auth;
    }

    /** Starts on 127.0.0.1, on a free port. */
    public static HostileRegistry start(Auth auth) {
        HostileRegistry registry = new HostileRegistry(auth);
        registry.server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                registry.requests.add(request);
                Route route = registry.route(request);
                Function<RecordedRequest, MockResponse> attack = registry.attacks.get(route);
                return attack != null ? attack.apply(request) : registry.honest(route, request);
            }
        });
        try {
            registry.server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return registry;
    }

    /** host:port, to put in an image reference. */
    public String hostPort() {
        return "127.0.0.1:" + server.getPort();
    }

    public int port() {
        return server.getPort();
    }

    /** {@code 127.0.0.1:PORT/team/app:1.0}; pull it as an insecure (plain-HTTP) registry. */
    public String image() {
        return hostPort() + "/" + REPOSITORY + ":" + TAG;
    }

    public BuiltImage builtImage() {
        return image;
    }

    /** From now on, {@code route} is answered by {@code attack} instead of honestly. */
    public HostileRegistry answer(Route route, Function<RecordedRequest, MockResponse> attack) {
        attacks.put(route, attack);
        return this;
    }

    /** From now on, {@code route} is answered with a copy of {@code attack}. */
    public HostileRegistry answer(Route route, MockResponse attack) {
        return answer(route, request -> attack.clone());
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public List<RecordedRequest> requests(Route route) {
        return requests.stream().filter(r -> route(r) == route).toList();
    }

    // ---- attacks ----

    /** A 302 to {@code location}. */
    public static MockResponse redirect(String location) {
        return new MockResponse().setResponseCode(302).setHeader("Location", location);
    }

    /** The answer {@code honest} would give, but its body trickled at one byte a second. */
    public static MockResponse trickled(MockResponse honest) {
        return honest.throttleBody(1, 1, TimeUnit.SECONDS);
    }

    /** A request that is read and never answered (the connection stays open). */
    public static MockResponse neverAnswers() {
        return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
    }

    /** A 200 with {@code body} as JSON. */
    public static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }

    /** A 200 with {@code size} bytes of {@code x}, announced as JSON: not a token, and big. */
    public static MockResponse bigBody(long size) {
        Buffer body = new Buffer();
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        for (long left = size; left > 0; left -= chunk.length) {
            body.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }

    /** A 401 carrying exactly these {@code WWW-Authenticate} values. */
    public static MockResponse challenge(String... values) {
        MockResponse response = new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
                .setBody("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
        for (String value : values) {
            response.addHeader("WWW-Authenticate", value);
        }
        return response;
    }

    /** The bearer challenge this registry sends, with {@code service} as given. */
    public String bearerChallenge(String service) {
        return "Bearer realm=\"http://" + hostPort() + "/token\",service=\"" + service + "\",scope=\"repository:"
                + REPOSITORY + ":pull\"";
    }

    /** A 429 asking to wait {@code retryAfter} (sent as is). */
    public static MockResponse tooManyRequests(String retryAfter) {
        return new MockResponse().setResponseCode(429).setHeader("Retry-After", retryAfter)
                .setHeader("Content-Type", "application/json")
                .setBody("{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}");
    }

    // ---- the honest registry ----

    /** The answer registry:2 would give. */
    public MockResponse honest(Route route, RecordedRequest request) {
        if (route == Route.TOKEN) {
            return json("{\"token\":\"" + TOKEN + "\",\"expires_in\":300}");
        }
        if (auth == Auth.BEARER && !("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
            return challenge(bearerChallenge("hostile-registry"));
        }
        String authorization = request.getHeader("Authorization");
        if (auth == Auth.BASIC && (authorization == null || !authorization.startsWith("Basic "))) {
            return challenge("Basic realm=\"hostile-registry\"");
        }
        return switch (route) {
            case PROBE -> json("{}");
            case MANIFEST -> new MockResponse().setHeader("Content-Type", image.manifestMediaType())
                    .setHeader("Docker-Content-Digest", image.manifestDigest())
                    .setBody(new Buffer().write(image.manifestBytes()));
            case CONFIG -> blob(image.configBytes());
            case LAYER -> blob(image.layers().stream()
                    .filter(l -> request.getPath().endsWith(l.digest())).findFirst().orElseThrow().blob().bytes());
            default -> new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
                    .setBody("{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"unknown\"}]}");
        };
    }

    /** An error answer ({@code status}) with a registry error body. */
    public static MockResponse error(int status, String code) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + code.toLowerCase() + "\"}]}");
    }

    private static MockResponse blob(byte[] bytes) {
        return new MockResponse().setHeader("Content-Type", "application/octet-stream")
                .setBody(new Buffer().write(bytes));
    }

    private Route route(RecordedRequest request) {
        String path = request.getRequestUrl() == null ? "" : request.getRequestUrl().encodedPath();
        if (path.equals("/v2/") || path.equals("/v2")) {
            return Route.PROBE;
        }
        if (path.startsWith("/token")) {
            return Route.TOKEN;
        }
        if (path.startsWith("/v2/" + REPOSITORY + "/manifests/")) {
            return Route.MANIFEST;
        }
        if (path.equals("/v2/" + REPOSITORY + "/blobs/" + image.config().digest())) {
            return Route.CONFIG;
        }
        if (path.startsWith("/v2/" + REPOSITORY + "/blobs/")
                && image.layers().stream().anyMatch(l -> path.endsWith(l.digest()))) {
            return Route.LAYER;
        }
        return Route.OTHER;
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
