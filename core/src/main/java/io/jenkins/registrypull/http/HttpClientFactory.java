package io.jenkins.registrypull.http;

import io.jenkins.registrypull.crypto.CryptoChoice;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.pull.PullOptions;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Builds the OkHttp clients the engine talks through. One base client owns the connection pool
 * and dispatcher; derived clients add a registry's CA to the trusted ones and the protocol asked
 * for. They are cached by those two settings, not by registry: registries with the same trust
 * and protocol share one client (its pool keeps connections per host anyway).
 *
 * <p>HTTP/1.1 by default: on loopback and LAN registries several HTTP/1.1 connections in parallel
 * move blobs markedly faster than one HTTP/2 connection, where one reader thread decrypts and
 * demultiplexes every stream (see docs/performance.md). HTTP/2 is offered by ALPN when asked for.
 *
 * <p>Connections are pooled and reused by later requests to the same registry (keep-alive for 5
 * minutes, up to 8 idle): within a pull, and by later pulls through the same engine, which then
 * skip TCP and TLS set-up (the plugin makes an engine per pull, so there only a pull's own
 * requests share them).
 * OkHttp's own retry stays on for what it covers (a pooled connection the registry closed while idle,
 * before any response); everything later (cut bodies, 5xx, 429) is retried by the pull itself,
 * with backoff, and blobs resume where they stopped.
 */
public final class HttpClientFactory implements AutoCloseable {

    private final OkHttpClient base;
    private final CryptoChoice crypto;
    private final Map<ClientSettings, OkHttpClient> byTrustAndProtocol = new ConcurrentHashMap<>();

    /** What makes derived clients differ: the extra CA (null for the default trust store) and the protocol. */
    private record ClientSettings(HttpProtocol protocol, String caPem) {
    }

    /** A factory whose clients speak the JDK's TLS. */
    public HttpClientFactory(String userAgent) {
        this(userAgent, CryptoChoice.jdk());
    }

    /** A factory whose clients speak TLS through {@code crypto}'s SSLContext. */
    public HttpClientFactory(String userAgent, CryptoChoice crypto) {
        this.crypto = crypto;
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequestsPerHost(16);
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(8, 5, TimeUnit.MINUTES))
                .dispatcher(dispatcher)
                .protocols(List.of(Protocol.HTTP_1_1))
                .dns(new GuardedDns(Dns.SYSTEM))
                .connectTimeout(Duration.ofSeconds(30))
                // each pull sets its own read timeout and bounds every call by its deadline (PullEngine)
                .readTimeout(PullOptions.DEFAULT_READ_TIMEOUT)
                .writeTimeout(PullOptions.DEFAULT_READ_TIMEOUT)
                // no client of the engine follows a redirect itself: RedirectPolicy decides every hop
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(true)
                .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                        .header("User-Agent", userAgent).build()));
        if (crypto.nativeTls()) {
            // OkHttp builds its default socket factory from the JDK's SSLContext: give it the chosen one
            try {
                trust(builder, TrustedCertificates.defaults());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JVM's default trust store cannot be read: " + e.getMessage(), e);
            }
        }
        this.base = builder.build();
    }

    /** The HTTP/1.1 client for a registry (and its token realm, which shares the registry's trust). */
    public OkHttpClient forEndpoint(RegistryEndpoint endpoint) throws InvalidInputException {
        return forEndpoint(endpoint, HttpProtocol.HTTP_1_1);
    }

    /** The client for a registry speaking {@code protocol} (HTTP/2 falls back to 1.1 when not offered). */
    public OkHttpClient forEndpoint(RegistryEndpoint endpoint, HttpProtocol protocol) throws InvalidInputException {
        ClientSettings key = new ClientSettings(protocol, endpoint.caPem());
        OkHttpClient existing = byTrustAndProtocol.get(key);
        if (existing != null) {
            return existing;
        }
        OkHttpClient.Builder builder = endpoint.caPem() == null ? base.newBuilder() : withCa(endpoint.caPem());
        if (protocol == HttpProtocol.HTTP_2) {
            builder.protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
        }
        OkHttpClient client = builder.build();
        OkHttpClient raced = byTrustAndProtocol.putIfAbsent(key, client);
        return raced != null ? raced : client;
    }

    private OkHttpClient.Builder withCa(String caPem) throws InvalidInputException {
        var certificates = TrustedCertificates.parsePem(caPem, "caCertificate");
        try {
            return trust(base.newBuilder(), TrustedCertificates.defaultsPlus(certificates));
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException("caCertificate", "the CA certificate cannot be used: " + e.getMessage());
        }
    }

    private OkHttpClient.Builder trust(OkHttpClient.Builder builder, X509TrustManager trustManager)
            throws GeneralSecurityException {
        SSLContext context = crypto.sslContext();
        X509TrustManager asked = crypto.nativeTls() ? TlsOneThreeTrust.forNativeTls(trustManager) : trustManager;
        context.init(null, new X509TrustManager[] {asked}, null);
        return builder.sslSocketFactory(context.getSocketFactory(), trustManager);
    }

    @Override
    public void close() {
        base.dispatcher().executorService().shutdown();
        base.connectionPool().evictAll();
    }
}
