package io.jenkins.plugins.registrypull.testing;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;
import com.microsoft.azure.util.AzureCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;
import io.jenkins.registrypull.standin.StandIn;
import java.security.KeyStore;
import java.util.function.Supplier;
import okhttp3.tls.HeldCertificate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** Credentials of the optional cloud plugins, added to the stand-in Jenkins' global store. */
public final class CloudTestCredentials {
    private CloudTestCredentials() {
    }

    /**
     * An aws-credentials credential. Its {@code resolveCredentials()} is what the real AWSCredentialsImpl answers:
     * the static keys, or (with a role) the session credentials of the role it assumed.
     */
    public static final class AwsKeys extends BaseStandardCredentials implements AmazonWebServicesCredentials {
        private static final long serialVersionUID = 1L;
        private final transient Supplier<AwsCredentials> resolver;

        AwsKeys(String id, Supplier<AwsCredentials> resolver) {
            super(CredentialsScope.GLOBAL, id, "");
            this.resolver = resolver;
        }

        @Override
        public AwsCredentials resolveCredentials() {
            return resolver.get();
        }

        @Override
        public AwsCredentials resolveCredentials(String mfaToken) {
            return resolver.get();
        }

        @Override
        public String getDisplayName() {
            return getId();
        }
    }

    public static AwsKeys awsKeys(String id, String accessKeyId, String secretAccessKey) {
        return add(new AwsKeys(id, () -> AwsBasicCredentials.create(accessKeyId, secretAccessKey)));
    }

    /** A credential with an IAM role: the controller gets the role's session credentials. */
    public static AwsKeys awsRole(String id, String sessionKeyId, String sessionSecret, String sessionToken) {
        return add(new AwsKeys(id, () -> AwsSessionCredentials.create(sessionKeyId, sessionSecret, sessionToken)));
    }

    /** A credential whose resolution fails, as an STS AssumeRole the role's trust policy refuses. */
    public static AwsKeys awsFailing(String id, RuntimeException failure) {
        return add(new AwsKeys(id, () -> {
            throw failure;
        }));
    }

    /** A credential with neither keys nor role: the real one resolves to null (it means "the controller's own"). */
    public static AwsKeys awsWithoutKeys(String id) {
        return add(new AwsKeys(id, () -> null));
    }

    public static AzureCredentials azure(String id, String tenant, String clientId, String clientSecret) {
        AzureCredentials c = new AzureCredentials(CredentialsScope.GLOBAL, id, "", "subscription", clientId,
                Secret.fromString(clientSecret));
        c.setTenant(tenant);
        StandIn.credentials().add(c);
        return c;
    }

    /** An Azure service principal without a client secret, whose certificate is the credential {@code certificateId}. */
    public static AzureCredentials azureCertificate(String id, String tenant, String clientId, String certificateId) {
        AzureCredentials c = azure(id, tenant, clientId, "");
        c.setCertificateId(certificateId);
        return c;
    }

    /**
     * A credentials-plugin "Certificate" credential: what the real CertificateCredentialsImpl answers, a PKCS#12
     * keystore (here with the key and chain of {@code certificate}) and its password.
     */
    public static final class Certificate extends BaseStandardCredentials implements StandardCertificateCredentials {
        private static final long serialVersionUID = 1L;
        private final transient KeyStore keyStore;
        private final Secret password;

        Certificate(String id, KeyStore keyStore, String password) {
            super(CredentialsScope.GLOBAL, id, "");
            this.keyStore = keyStore;
            this.password = Secret.fromString(password);
        }

        @NonNull
        @Override
        public KeyStore getKeyStore() {
            return keyStore;
        }

        @NonNull
        @Override
        public Secret getPassword() {
            return password;
        }
    }

    /** A PKCS#12 keystore holding {@code certificate}'s key and certificate, locked with {@code password}. */
    public static KeyStore pkcs12(HeldCertificate certificate, String password) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("principal", certificate.keyPair().getPrivate(), password.toCharArray(),
                new java.security.cert.Certificate[] {certificate.certificate()});
        return keyStore;
    }

    /** A Certificate credential whose keystore holds {@code certificate}, not added to any store. */
    public static Certificate certificate(String id, HeldCertificate certificate, String password) throws Exception {
        return new Certificate(id, pkcs12(certificate, password), password);
    }

    /** A Certificate credential whose keystore is locked with {@code storePassword} but which says {@code password}. */
    public static Certificate addCertificate(String id, HeldCertificate certificate, String storePassword, String password)
            throws Exception {
        Certificate c = new Certificate(id, pkcs12(certificate, storePassword), password);
        StandIn.credentials().add(c);
        return c;
    }

    private static AwsKeys add(AwsKeys c) {
        StandIn.credentials().add(c);
        return c;
    }
}
