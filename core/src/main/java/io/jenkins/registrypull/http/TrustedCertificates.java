package io.jenkins.registrypull.http;

import io.jenkins.registrypull.error.InvalidInputException;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

/**
 * Builds a trust manager that accepts the JVM's default CAs plus the CA certificates of one
 * registry, given as PEM. Adding rather than replacing keeps token realms on public hosts working.
 */
public final class TrustedCertificates {

    private TrustedCertificates() {
    }

    /** Parses PEM text with one or more certificates; fails naming {@code field} if there are none. */
    public static Collection<? extends Certificate> parsePem(String pem, String field) throws InvalidInputException {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new InvalidInputException(field, "expected one or more PEM certificates (-----BEGIN CERTIFICATE-----)");
        }
        try {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certificates.isEmpty()) {
                throw new InvalidInputException(field, "no certificate could be read from the PEM text");
            }
            return certificates;
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException(field, "the PEM text is not a valid X.509 certificate: " + e.getMessage());
        }
    }

    /** The JVM's default trust (its cacerts, or what javax.net.ssl.trustStore names). */
    public static X509TrustManager defaults() throws GeneralSecurityException {
        return trustManager(null);
    }

    public static X509TrustManager defaultsPlus(Collection<? extends Certificate> extra) throws GeneralSecurityException {
        X509TrustManager defaults = trustManager(null);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (X509Certificate ca : defaults.getAcceptedIssuers()) {
            store.setCertificateEntry("default-" + i++, ca);
        }
        for (Certificate certificate : extra) {
            store.setCertificateEntry("registry-" + i++, certificate);
        }
        return trustManager(store);
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (var tm : factory.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JVM offers no X509TrustManager");
    }
}
