package io.jenkins.registrypull.cloud;

import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.http.TrustedCertificates;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import okio.BufferedSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * The HTTP client for a cloud's token endpoints: no redirects (a token request is never re-sent elsewhere), bounded
 * in time, and trusting the JVM's CAs plus the ones the user gave for the registry, so an air-gapped authority or
 * exchange behind the same private CA works.
 */
public final class CloudHttpClient {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private CloudHttpClient() {
    }

    /** @param caCertificatePem extra CA certificates (PEM), or null for the JVM's only */
    public static OkHttpClient create(String caCertificatePem) throws InvalidInputException {
        OkHttpClient.Builder builder = new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false)
                .callTimeout(TIMEOUT);
        if (caCertificatePem != null && !caCertificatePem.isBlank()) {
            try {
                X509TrustManager trust = TrustedCertificates.defaultsPlus(
                        TrustedCertificates.parsePem(caCertificatePem, "CA certificate"));
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {trust}, null);
                builder.sslSocketFactory(context.getSocketFactory(), trust);
            } catch (GeneralSecurityException e) {
                throw new InvalidInputException("CA certificate", "cannot be used to check TLS servers: "
                        + e.getClass().getSimpleName());
            }
        }
        return builder.build();
    }

    /** Token answers are small: at most this much is read of one. */
    public static final long MAX_ANSWER = 64 * 1024;

    /**
     * The answer's text, read to its end but at most {@link #MAX_ANSWER} bytes, whether or not it says its length
     * (a chunked answer has none).
     */
    public static String readAnswer(ResponseBody body) throws IOException {
        if (body == null) {
            return "";
        }
        BufferedSource source = body.source();
        source.request(MAX_ANSWER + 1);
        long size = source.getBuffer().size();
        if (size > MAX_ANSWER) {
            throw new IOException("the answer is larger than " + MAX_ANSWER + " bytes");
        }
        return source.getBuffer().readUtf8(size);
    }
}
