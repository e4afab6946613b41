package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A certificate authority made for one test run, and one server certificate it signed for
 * {@code IP:127.0.0.1} and {@code DNS:localhost}.
 *
 * <p>Why a CA and not a self-signed server certificate: clients under test must be configured
 * the way users configure them in real life, by trusting a CA (a PEM bundle, skopeo's
 * {@code ca.crt}), and the registry and the token server can share one trust anchor.
 * Nothing here is trusted by the JVM or the system unless a test hands it over explicitly.
 */
public final class TestCa {

    private final HeldCertificate root;
    private final HeldCertificate server;

    private TestCa(HeldCertificate root, HeldCertificate server) {
        this.root = root;
        this.server = server;
    }

    /** Makes a fresh ECDSA P-256 CA and server certificate, valid for one day. */
    public static TestCa create() {
        HeldCertificate root = new HeldCertificate.Builder()
                .certificateAuthority(0)
                .commonName("registry-pull testkit CA")
                .organizationalUnit("testkit")
                .ecdsa256()
                .duration(1, TimeUnit.DAYS)
                .build();
        HeldCertificate server = new HeldCertificate.Builder()
                .commonName("127.0.0.1")
                .addSubjectAlternativeName("127.0.0.1")
                .addSubjectAlternativeName("localhost")
                .ecdsa256()
                .duration(1, TimeUnit.DAYS)
                .signedBy(root)
                .build();
        return new TestCa(root, server);
    }

    public X509Certificate caCertificate() {
        return root.certificate();
    }

    public String caCertificatePem() {
        return root.certificatePem();
    }

    /** Writes the CA certificate as {@code dir/ca.crt}, the name skopeo's {@code --cert-dir} looks for. */
    public Path writeCaPem(Path dir) {
        return write(dir.resolve("ca.crt"), caCertificatePem());
    }

    /** Writes the server certificate PEM to {@code file} (for the registry's {@code http.tls.certificate}). */
    public Path writeServerCertificatePem(Path file) {
        return write(file, server.certificatePem());
    }

    /** Writes the server's PKCS#8 private key PEM to {@code file}, readable by its owner only. */
    public Path writeServerKeyPem(Path file) {
        Path written = write(file, server.privateKeyPkcs8Pem());
        try {
            Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    /** Key and certificate chain for an in-process HTTPS server (the token server). */
    public HandshakeCertificates serverCertificates() {
        return new HandshakeCertificates.Builder()
                .heldCertificate(server, root.certificate())
                .build();
    }

    /** Trust in this CA only: no platform CAs, so a test can never reach a real host by accident. */
    public HandshakeCertificates clientTrust() {
        return new HandshakeCertificates.Builder()
                .addTrustedCertificate(root.certificate())
                .build();
    }

    /** An OkHttp builder that trusts this CA only. */
    public OkHttpClient.Builder trustingClientBuilder() {
        HandshakeCertificates trust = clientTrust();
        return new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager());
    }

    private static Path write(Path file, String pem) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public String toString() {
        return "TestCa[" + root.certificate().getSubjectX500Principal() + "]";
    }
}
