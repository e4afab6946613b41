package io.jenkins.registrypull.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A Google Compute Engine metadata server on 127.0.0.1 (what {@code GCE_METADATA_HOST} points at): the default
 * service account's access token at {@code /computeMetadata/v1/instance/service-accounts/default/token}. Like the
 * real one it refuses (403) any request without {@code Metadata-Flavor: Google}, the header that keeps a
 * server-side request forgery from reading it, and marks each answer with that header.
 */
public final class FakeGceMetadata implements AutoCloseable {

    public static final String TOKEN_PATH = "/computeMetadata/v1/instance/service-accounts/default/token";

    private final Consumer<String> onIssued;
    private final AtomicReference<Duration> lifetime = new AtomicReference<>(Duration.ofSeconds(3599));
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusedWithoutFlavor = new AtomicInteger();
    private final HttpServer server;

    private FakeGceMetadata(Consumer<String> onIssued) {
        this.onIssued = onIssued;
        this.server = FakeHttp.start("gce-metadata", this::handle);
    }

    public static FakeGceMetadata start(Consumer<String> onIssued) {
        return new FakeGceMetadata(onIssued);
    }

    /** host:port, the value for {@code GCE_METADATA_HOST}. */
    public String hostPort() {
        return FreePort.loopback().getHostAddress() + ":" + server.getAddress().getPort();
    }

    public FakeGceMetadata lifetime(Duration value) {
        lifetime.set(value);
        return this;
    }

    public List<String> issuedTokens() {
        return List.copyOf(issued);
    }

    public int refusedWithoutFlavor() {
        return refusedWithoutFlavor.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Metadata-Flavor", "Google");
            if (!"Google".equals(exchange.getRequestHeaders().getFirst("Metadata-Flavor"))) {
                refusedWithoutFlavor.incrementAndGet();
                byte[] body = "Missing Metadata-Flavor:Google header.".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(403, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            if (!TOKEN_PATH.equals(exchange.getRequestURI().getPath()) || !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String query = exchange.getRequestURI().getQuery();
            String scopes = FakeHttp.parseQuery(query == null ? "" : query).get("scopes");
            if (scopes == null || !List.of(scopes.split(",")).contains(FakeGoogleTokenEndpoint.SCOPE)) {
                FakeHttp.send(exchange, 400, FakeHttp.oauthError("invalid_scope", "scopes must include "
                        + FakeGoogleTokenEndpoint.SCOPE));
                return;
            }
            String token = "ya29.fake-metadata-" + RandomStrings.alphanumeric(40);
            issued.add(token);
            onIssued.accept(token);
            FakeHttp.sendAccessToken(exchange, token, lifetime.get());
        }
    }

    @Override
    public void close() {
        FakeHttp.stop(server);
    }
}
