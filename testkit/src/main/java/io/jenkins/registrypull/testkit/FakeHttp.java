package io.jenkins.registrypull.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The small HTTP plumbing the cloud fakes share: a plain-HTTP server on 127.0.0.1, form bodies, JSON answers. */
final class FakeHttp {

    private static final int MAX_FORM_BYTES = 64 * 1024;

    private FakeHttp() {
    }

    /** A started plain-HTTP server on 127.0.0.1, a free port, {@code handler} at {@code /}. */
    static HttpServer start(String name, HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(FreePort.loopback(), 0), 16);
            server.createContext("/", handler);
            ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "testkit-" + name);
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    static void stop(HttpServer server) {
        server.stop(0);
        if (server.getExecutor() instanceof ExecutorService executor) {
            executor.shutdownNow();
        }
    }

    static String baseUrl(HttpServer server) {
        return "http://" + FreePort.loopback().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** The first value of each field of an {@code application/x-www-form-urlencoded} body. */
    static Map<String, String> readForm(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_FORM_BYTES);
        }
        return parseQuery(new String(body, StandardCharsets.UTF_8));
    }

    static Map<String, String> parseQuery(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return fields;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** An OAuth2 access token answer, as Google's token endpoint and metadata server send it. */
    static void sendAccessToken(HttpExchange exchange, String token, java.time.Duration lifetime) throws IOException {
        send(exchange, 200, "{\"access_token\":\"" + token + "\",\"expires_in\":" + lifetime.toSeconds()
                + ",\"token_type\":\"Bearer\"}");
    }

    /** An OAuth2 error answer (RFC 6749 section 5.2). */
    static String oauthError(String error, String description) {
        return "{\"error\":\"" + error + "\",\"error_description\":\"" + description.replace("\"", "'") + "\"}";
    }
}
