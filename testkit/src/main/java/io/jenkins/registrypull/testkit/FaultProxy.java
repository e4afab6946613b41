package io.jenkins.registrypull.testkit;

import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A reverse proxy between the engine and a real {@link RegistryServer} that injects faults:
 * connections cut at a byte, flipped bytes, truncation, stalls, slow streams, error statuses,
 * 429 with Retry-After, replaced bodies and redirects. It listens on 127.0.0.1, over TLS with
 * the registry's test CA when the registry uses TLS (so the engine keeps its https semantics),
 * and relays everything else byte for byte, including {@code Authorization} and {@code Range}.
 *
 * <p>The token realm in the registry's challenges still points at the real token server: the
 * proxy only stands in front of the registry API. Bodies are buffered, so it suits images of a
 * few tens of MiB, not the benchmark image.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding",
            "content-length", "upgrade", "proxy-connection", "te", "trailer");

    private final RegistryServer upstream;
    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient client;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final List<LocalRoute> localRoutes = new CopyOnWriteArrayList<>();

    private record LocalRoute(Predicate<RecordedRequest> matches, Function<RecordedRequest, MockResponse> answer) {
    }

    /** One relayed or faulted exchange, for assertions. */
    public record Exchange(String method, String path, String range, boolean authorized, int status, Fault fault) {
    }

    private static final class Rule {
        final Predicate<RecordedRequest> matches;
        final Fault fault;
        final AtomicInteger remaining;

        Rule(Predicate<RecordedRequest> matches, Fault fault, int times) {
            this.matches = matches;
            this.fault = fault;
            this.remaining = new AtomicInteger(times);
        }
    }

    private FaultProxy(RegistryServer upstream) {
        this.upstream = upstream;
        this.client = upstream.clientBuilder().followRedirects(false).retryOnConnectionFailure(false)
                .readTimeout(60, TimeUnit.SECONDS).build();
        if (upstream.isTls()) {
            server.useHttps(upstream.ca().serverCertificates().sslSocketFactory(), false);
        }
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return handle(request);
            }
        });
        try {
            server.start(FreePort.loopback(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fault proxy", e);
        }
    }

    /** Starts a proxy in front of {@code upstream}. */
    public static FaultProxy start(RegistryServer upstream) {
        return new FaultProxy(upstream);
    }

    /** host:port the engine should pull from instead of the registry's. */
    public String hostPort() {
        return FreePort.loopback().getHostAddress() + ":" + server.getPort();
    }

    /** Applies {@code fault} to the next {@code times} requests that match (use Integer.MAX_VALUE for always). */
    public FaultProxy inject(Predicate<RecordedRequest> matches, Fault fault, int times) {
        rules.add(new Rule(matches, fault, times));
        return this;
    }

    /**
     * Answers matching requests here instead of relaying them, for an endpoint a real registry product serves
     * beside the distribution API (Azure Container Registry's {@code /oauth2/exchange}).
     */
    public FaultProxy serveLocally(Predicate<RecordedRequest> matches, Function<RecordedRequest, MockResponse> answer) {
        localRoutes.add(new LocalRoute(matches, answer));
        return this;
    }

    /** Applies {@code fault} once, to the next GET of a blob. */
    public FaultProxy onNextBlob(Fault fault) {
        return inject(isBlob(), fault, 1);
    }

    public static Predicate<RecordedRequest> isBlob() {
        return r -> "GET".equals(r.getMethod()) && r.getPath() != null && r.getPath().contains("/blobs/");
    }

    public static Predicate<RecordedRequest> isManifest() {
        return r -> r.getPath() != null && r.getPath().contains("/manifests/");
    }

    public static Predicate<RecordedRequest> pathContains(String part) {
        return r -> r.getPath() != null && r.getPath().contains(part);
    }

    /** Forgets all rules not yet used up. */
    public void clearFaults() {
        rules.clear();
    }

    /** Forgets the exchanges recorded so far. */
    public void clearExchanges() {
        exchanges.clear();
    }

    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    private MockResponse handle(RecordedRequest request) {
        for (LocalRoute route : localRoutes) {
            if (route.matches().test(request)) {
                return route.answer().apply(request);
            }
        }
        Fault fault = null;
        for (Rule rule : rules) {
            if (rule.matches.test(request) && rule.remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                fault = rule.fault;
                break;
            }
        }
        MockResponse response;
        try {
            response = answer(request, fault);
        } catch (IOException e) {
            response = new MockResponse().setResponseCode(502).setBody("fault proxy: upstream failed: " + e);
        }
        exchanges.add(new Exchange(request.getMethod(), request.getPath(), request.getHeader("Range"),
                request.getHeader("Authorization") != null, response.getStatus().isEmpty() ? 0
                : Integer.parseInt(response.getStatus().split(" ")[1]), fault));
        return response;
    }

    private MockResponse answer(RecordedRequest request, Fault fault) throws IOException {
        if (fault instanceof Fault.AddHeaders add) {
            MockResponse response = answer(request, add.instead());
            add.headers().forEach(response::setHeader);
            return response;
        }
        if (fault instanceof Fault.Status s) {
            MockResponse r = new MockResponse().setResponseCode(s.status()).setHeader("Content-Type", "application/json")
                    .setBody("{\"errors\":[{\"code\":\"" + s.code() + "\",\"message\":\"injected by the fault proxy\"}]}");
            return s.retryAfter() == null ? r : r.setHeader("Retry-After", s.retryAfter());
        }
        if (fault instanceof Fault.Redirect redirect) {
            return new MockResponse().setResponseCode(redirect.status()).setHeader("Location", redirect.location());
        }
        Response upstreamResponse = relay(request, fault);
        byte[] body;
        MockResponse response = new MockResponse().setResponseCode(upstreamResponse.code());
        try (upstreamResponse; ResponseBody b = upstreamResponse.body()) {
            body = b == null ? new byte[0] : b.bytes();
            Headers headers = upstreamResponse.headers();
            for (int i = 0; i < headers.size(); i++) {
                if (!HOP_BY_HOP.contains(headers.name(i).toLowerCase(java.util.Locale.ROOT))) {
                    response.addHeader(headers.name(i), headers.value(i));
                }
            }
        }
        if (fault == null || fault instanceof Fault.IgnoreRange || fault instanceof Fault.ShiftRange
                || request.getMethod().equals("HEAD")) {
            return response.setBody(new Buffer().write(body));
        }
        if (fault instanceof Fault.CutAt cut) {
            int n = (int) Math.min(cut.bytes(), body.length);
            // Content-Length says the full size; the body stops early and the socket closes
            return response.setBody(new Buffer().write(body, 0, n)).setHeader("Content-Length", body.length)
                    .setSocketPolicy(SocketPolicy.DISCONNECT_AT_END);
        }
        if (fault instanceof Fault.FlipByte flip) {
            byte[] copy = body.clone();
            if (flip.position() < copy.length) {
                copy[(int) flip.position()] ^= 0x01;
            }
            return response.setBody(new Buffer().write(copy));
        }
        if (fault instanceof Fault.Truncate t) {
            return response.setBody(new Buffer().write(body, 0, (int) Math.min(t.bytes(), body.length)));
        }
        if (fault instanceof Fault.Stall stall) {
            long first = Math.max(1, Math.min(stall.bytes(), body.length));
            return response.setBody(new Buffer().write(body)).throttleBody(first, stall.stall().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        if (fault instanceof Fault.Slow slow) {
            long chunk = Math.max(1, slow.bytesPerSecond() / 10);
            return response.setBody(new Buffer().write(body)).throttleBody(chunk, 100, TimeUnit.MILLISECONDS);
        }
        if (fault instanceof Fault.ReplaceBody replace) {
            response.removeHeader("Docker-Content-Digest");
            return response.setBody(new Buffer().write(replace.change().apply(body)));
        }
        throw new IllegalStateException("unknown fault " + fault);
    }

    private Response relay(RecordedRequest request, Fault fault) throws IOException {
        String scheme = upstream.isTls() ? "https" : "http";
        Request.Builder forward = new Request.Builder().url(scheme + "://" + upstream.hostPort() + request.getPath());
        Headers headers = request.getHeaders();
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.equalsIgnoreCase("Host")
                    && !name.equalsIgnoreCase("Accept-Encoding")) {
                forward.addHeader(name, headers.value(i));
            }
        }
        // identity, so the relayed bytes are exactly the registry's
        forward.header("Accept-Encoding", "identity");
        String range = request.getHeader("Range");
        if (fault instanceof Fault.IgnoreRange) {
            forward.removeHeader("Range");
        } else if (fault instanceof Fault.ShiftRange shift && range != null && range.matches("bytes=\\d+-")) {
            long from = Long.parseLong(range.substring("bytes=".length(), range.length() - 1));
            forward.header("Range", "bytes=" + (from + shift.shift()) + "-");
        }
        byte[] body = request.getBody().readByteArray();
        RequestBody requestBody = body.length == 0 && !request.getMethod().matches("POST|PUT|PATCH") ? null
                : RequestBody.create(body, null);
        forward.method(request.getMethod(), requestBody);
        return client.newCall(forward.build()).execute();
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
