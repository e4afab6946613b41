package io.jenkins.plugins.registrypull.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The identity a cloud registry login is minted from, as the controller resolved it: what travels to the agent inside
 * a {@link RegistryLogin} (over the agent channel, secrets as {@link Secret}), where the engine mints the registry
 * credential from it and renews it before it expires. Either values from a Jenkins credential (AWS keys, with the
 * session token of the role the controller assumed; a Google service-account JSON key; an Azure service principal's
 * tenant, client id and secret or certificate), or {@link #isAgentIdentity() the agent's own identity}, which holds no secret.
 * {@link #toString()} and {@link #describe()} never show a secret.
 */
public final class CloudLogin implements Serializable {
    private static final long serialVersionUID = 1L;

    @NonNull
    private final Cloud cloud;
    /** The registry the login is for, {@code host[:port]}. */
    @NonNull
    private final String registry;
    /** Secret-free: where the identity came from, e.g. {@code credentials 'ecr'}. */
    @NonNull
    private final String source;
    private final boolean agentIdentity;
    /** AWS access key id, Google service-account JSON key, or Azure client id. */
    @CheckForNull
    private final Secret key;
    /** AWS secret access key, or Azure client secret. */
    @CheckForNull
    private final Secret secret;
    /** AWS session token (keys of an assumed role). */
    @CheckForNull
    private final Secret sessionToken;
    /** Azure tenant. */
    @CheckForNull
    private final String tenant;
    /** Azure service principal's certificate chain and unencrypted PKCS#8 private key, as one PEM text. */
    @CheckForNull
    private final Secret certificatePem;

    private CloudLogin(@NonNull Cloud cloud, @NonNull String registry, @NonNull String source, boolean agentIdentity,
            @CheckForNull Secret key, @CheckForNull Secret secret, @CheckForNull Secret sessionToken, @CheckForNull String tenant,
            @CheckForNull Secret certificatePem) {
        this.cloud = Objects.requireNonNull(cloud, "cloud");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.source = Objects.requireNonNull(source, "source");
        this.agentIdentity = agentIdentity;
        this.key = key;
        this.secret = secret;
        this.sessionToken = sessionToken;
        this.tenant = tenant;
        this.certificatePem = certificatePem;
    }

    /** The agent's own identity for {@code cloud} (AWS default chain, Google ADC/metadata, Azure managed identity). */
    @NonNull
    public static CloudLogin agentIdentity(@NonNull Cloud cloud, @NonNull String registry) {
        return new CloudLogin(cloud, registry, "the agent's own identity", true, null, null, null, null, null);
    }

    /** AWS keys, with the session token when they are an assumed role's short-lived session credentials. */
    @NonNull
    public static CloudLogin aws(@NonNull String registry, @NonNull Secret accessKeyId, @NonNull Secret secretAccessKey,
            @CheckForNull Secret sessionToken, @NonNull String source) {
        return new CloudLogin(Cloud.AWS, registry, source, false, accessKeyId, secretAccessKey, sessionToken, null, null);
    }

    /** A Google service-account JSON key. */
    @NonNull
    public static CloudLogin google(@NonNull String registry, @NonNull Secret jsonKey, @NonNull String source) {
        return new CloudLogin(Cloud.GOOGLE, registry, source, false, jsonKey, null, null, null, null);
    }

    /** An Azure service principal with a client secret. */
    @NonNull
    public static CloudLogin azure(@NonNull String registry, @NonNull String tenant, @NonNull Secret clientId,
            @NonNull Secret clientSecret, @NonNull String source) {
        return new CloudLogin(Cloud.AZURE, registry, source, false, clientId, clientSecret, null, tenant, null);
    }

    /** An Azure service principal with a certificate: PEM text with the certificate chain and its PKCS#8 key. */
    @NonNull
    public static CloudLogin azureCertificate(@NonNull String registry, @NonNull String tenant, @NonNull Secret clientId,
            @NonNull Secret certificatePem, @NonNull String source) {
        return new CloudLogin(Cloud.AZURE, registry, source, false, clientId, null, null, tenant, certificatePem);
    }

    @NonNull
    public Cloud cloud() {
        return cloud;
    }

    @NonNull
    public String registry() {
        return registry;
    }

    public boolean isAgentIdentity() {
        return agentIdentity;
    }

    /** AWS access key id, Google JSON key or Azure client id; null for the agent's identity. Never print it. */
    @CheckForNull
    public Secret key() {
        return key;
    }

    /** AWS secret access key or Azure client secret; else null. Never print it. */
    @CheckForNull
    public Secret secret() {
        return secret;
    }

    /** AWS session token of an assumed role; else null. Never print it. */
    @CheckForNull
    public Secret sessionToken() {
        return sessionToken;
    }

    /** An Azure service principal's certificate and private key as PEM; else null. Never print it. */
    @CheckForNull
    public Secret certificatePem() {
        return certificatePem;
    }

    /** Azure tenant id; else null. */
    @CheckForNull
    public String tenant() {
        return tenant;
    }

    /** The plain texts that must never reach the console. */
    @NonNull
    public List<String> secretTexts() {
        List<String> texts = new ArrayList<>(4);
        for (Secret s : new Secret[] {key, secret, sessionToken, certificatePem}) {
            if (s != null && !s.getPlainText().isEmpty()) {
                texts.add(s.getPlainText());
            }
        }
        return texts;
    }

    /** Secret-free, for logs: {@code Amazon ECR login minted from credentials 'ecr'}. */
    @NonNull
    public String describe() {
        String from = sessionToken == null ? source : source + " (short-lived session credentials of its IAM role)";
        return cloud.registryName() + " login minted from " + from;
    }

    @Override
    public String toString() {
        return "CloudLogin[" + describe() + "]";
    }
}
