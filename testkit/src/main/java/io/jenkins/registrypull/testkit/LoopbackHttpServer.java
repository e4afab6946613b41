package io.jenkins.registrypull.testkit;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/** A MockWebServer on 127.0.0.1, a free port, answering every request with {@code handler}; stopped by close(). */
public final class LoopbackHttpServer implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();

    private LoopbackHttpServer(String what, SSLSocketFactory tls, Function<RecordedRequest, MockResponse> handler) {
        if (tls != null) {
            server.useHttps(tls, false);
        }
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return handler.apply(request);
            }
        });
        try {
            server.start(FreePort.loopback(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + what, e);
        }
    }

    /** Plain http. */
    public static LoopbackHttpServer start(String what, Function<RecordedRequest, MockResponse> handler) {
        return new LoopbackHttpServer(what, null, handler);
    }

    /** https with {@code tls}'s server certificate. */
    public static LoopbackHttpServer startTls(String what, SSLSocketFactory tls,
                                              Function<RecordedRequest, MockResponse> handler) {
        return new LoopbackHttpServer(what, tls, handler);
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String url() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    public MockWebServer server() {
        return server;
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (IOException e) {
            // already stopped
        }
    }
}
