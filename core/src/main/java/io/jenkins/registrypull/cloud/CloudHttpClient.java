package io.jenkins.registrypull.cloud;

import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.http.TrustedCertificates;
import okhttp3.OkHttpClient;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
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
}
