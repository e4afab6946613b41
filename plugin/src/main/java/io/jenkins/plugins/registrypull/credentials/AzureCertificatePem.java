package io.jenkins.plugins.registrypull.credentials;

import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.util.Secret;
import io.jenkins.plugins.registrypull.Messages;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;

/**
 * A Jenkins "Certificate" credential (PKCS#12 keystore + password) as the engine's Azure certificate form: one PEM
 * text with the certificate chain and the unencrypted PKCS#8 private key, held in a {@link Secret} that travels to
 * the agent over the channel. It is built in memory on the controller and never written to a file.
 */
final class AzureCertificatePem {
    private static final Base64.Encoder PEM = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private AzureCertificatePem() {
    }

    /**
     * The PEM of the first key entry of the keystore.
     *
     * @throws AbortException the keystore holds no private key with a certificate, or the password does not open it
     */
    @NonNull
    static Secret of(@NonNull StandardCertificateCredentials certificate, @NonNull String credentialsId,
            @NonNull String certificateId) throws AbortException {
        char[] password = certificate.getPassword().getPlainText().toCharArray();
        try {
            KeyStore keyStore = certificate.getKeyStore();
            for (String alias : Collections.list(keyStore.aliases())) {
                if (!keyStore.isKeyEntry(alias)) {
                    continue;
                }
                Key key = keyStore.getKey(alias, password);
                Certificate[] chain = keyStore.getCertificateChain(alias);
                if (key instanceof PrivateKey && chain != null && chain.length > 0) {
                    return Secret.fromString(pem(chain, key));
                }
            }
        } catch (GeneralSecurityException e) {
            // the exception names the keystore problem (a wrong password, an unknown algorithm), never the key
            throw new UnusableCredentialsException(Messages.CloudLogin_AzureCertificateUnreadable(credentialsId,
                    certificateId, e.getClass().getSimpleName()));
        } finally {
            Arrays.fill(password, '\0');
        }
        throw new UnusableCredentialsException(Messages.CloudLogin_AzureCertificateUnreadable(credentialsId,
                certificateId, "no private key with a certificate"));
    }

    private static String pem(Certificate[] chain, Key key) throws GeneralSecurityException {
        StringBuilder pem = new StringBuilder();
        for (Certificate c : chain) {
            block(pem, "CERTIFICATE", c.getEncoded());
        }
        byte[] pkcs8 = key.getEncoded();
        try {
            block(pem, "PRIVATE KEY", pkcs8);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        return pem.toString();
    }

    private static void block(StringBuilder pem, String type, byte[] der) {
        pem.append("-----BEGIN ").append(type).append("-----\n").append(PEM.encodeToString(der))
                .append("\n-----END ").append(type).append("-----\n");
    }
}
