package io.jenkins.registrypull.cloud.azure;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.IClientCredential;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.InvalidInputException;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service principal's certificate as the Azure SDKs take it from {@code AZURE_CLIENT_CERTIFICATE_PATH}: one PEM
 * text with the certificate (chain) and the unencrypted PKCS#8 private key. Parsed when checked and again for each
 * token request, so the parsed key lives no longer than the request.
 */
final class ClientCertificatePem implements ServicePrincipalSource.ClientSecretOrCertificate {

    static final String FIELD = "client certificate";
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final SecretValue pem;

    private ClientCertificatePem(SecretValue pem) {
        this.pem = pem;
    }

    static ClientCertificatePem parse(SecretValue pem) throws InvalidInputException {
        ClientCertificatePem certificate = new ClientCertificatePem(pem);
        certificate.read();
        return certificate;
    }

    private record Parsed(PrivateKey key, List<X509Certificate> chain) {
    }

    private Parsed read() throws InvalidInputException {
        String text = pem.reveal();
        PrivateKey key = null;
        List<X509Certificate> chain = new ArrayList<>();
        Matcher blocks = BLOCK.matcher(text);
        while (blocks.find()) {
            byte[] der = Base64.getMimeDecoder().decode(blocks.group(2));
            try {
                switch (blocks.group(1)) {
                    case "PRIVATE KEY" -> key = privateKey(der);
                    case "CERTIFICATE" -> chain.add((X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der)));
                    case "ENCRYPTED PRIVATE KEY" -> throw new InvalidInputException(FIELD, "holds an encrypted"
                            + " private key; give the PEM file with the unencrypted PKCS#8 key (openssl pkcs8"
                            + " -topk8 -nocrypt)");
                    default -> {
                        // other blocks (an RSA PRIVATE KEY in PKCS#1 form is reported below as a missing key)
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new InvalidInputException(FIELD, "holds a PEM block that cannot be read ("
                        + blocks.group(1) + ")");
            } finally {
                Arrays.fill(der, (byte) 0);
            }
        }
        if (key == null || chain.isEmpty()) {
            throw new InvalidInputException(FIELD, "must be one PEM file with the certificate and its unencrypted"
                    + " PKCS#8 private key (-----BEGIN PRIVATE KEY-----), as AZURE_CLIENT_CERTIFICATE_PATH takes it");
        }
        return new Parsed(key, chain);
    }

    private static PrivateKey privateKey(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException e) {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        }
    }

    @Override
    public IClientCredential toMsal() throws InvalidInputException {
        Parsed parsed = read();
        return ClientCredentialFactory.createFromCertificateChain(parsed.key(), parsed.chain());
    }

    @Override
    public String kind() {
        return "client certificate";
    }

    @Override
    public void close() {
        pem.close();
    }
}
