package io.jenkins.plugins.registrypull.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;
import io.jenkins.registrypull.cloud.aws.AwsIdentity;
import io.jenkins.registrypull.cloud.aws.EcrMinters;
import io.jenkins.registrypull.cloud.azure.AzureIdentity;
import io.jenkins.registrypull.cloud.azure.AzureMinters;
import io.jenkins.registrypull.cloud.gcp.GoogleIdentity;
import io.jenkins.registrypull.cloud.gcp.GoogleMinters;
import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.InvalidInputException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/**
 * The engine's cloud minters, with the agent's environment (region, endpoint overrides, its own credential chain).
 * The Google key and the Azure client secret or certificate become {@link SecretValue}s the minter keeps for its renewals and wipes
 * when it is closed; the intermediate copies are wiped here.
 */
public final class EngineCloudMinters implements CloudMinters {
    @NonNull
    private final Map<String, String> env;
    @NonNull
    private final Clock clock;
    /** CA certificates the user gave for the registry, also trusted for Entra and the ACR exchange; or null. */
    @CheckForNull
    private final String caCertificatePem;

    public EngineCloudMinters(@NonNull Map<String, String> env, @NonNull Clock clock) {
        this(env, clock, null);
    }

    public EngineCloudMinters(@NonNull Map<String, String> env, @NonNull Clock clock, @CheckForNull String caCertificatePem) {
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.caCertificatePem = caCertificatePem;
    }

    @NonNull
    @Override
    public CredentialMinter minterFor(@NonNull CloudLogin login) throws InvalidInputException {
        switch (login.cloud()) {
            case AWS:
                return EcrMinters.forRegistry(login.registry(), awsIdentity(login), null, env, clock);
            case GOOGLE:
                return googleMinter(login);
            case AZURE:
                return azureMinter(login);
            default:
                throw new IllegalStateException("unknown cloud " + login.cloud());
        }
    }

    private CredentialMinter googleMinter(CloudLogin login) throws InvalidInputException {
        if (login.isAgentIdentity()) {
            return GoogleMinters.forIdentity(GoogleIdentity.agentMetadata(), env);
        }
        GoogleIdentity identity = GoogleIdentity.serviceAccountKey(secretValue(login.key(), "Google service account key"));
        try {
            return GoogleMinters.forIdentity(identity, env);
        } catch (InvalidInputException | RuntimeException e) {
            identity.close();
            throw e;
        }
    }

    private CredentialMinter azureMinter(CloudLogin login) throws InvalidInputException {
        if (login.isAgentIdentity()) {
            // as the Azure SDKs do: AZURE_CLIENT_ID in the agent's environment picks a user-assigned identity
            AzureIdentity managed = AzureIdentity.managedIdentity(env.get("AZURE_CLIENT_ID"));
            return AzureMinters.forRegistry(login.registry(), managed, env, caCertificatePem);
        }
        Secret clientId = login.key();
        String tenant = login.tenant();
        String tenantId = tenant == null ? "" : tenant;
        String client = clientId == null ? "" : clientId.getPlainText();
        AzureIdentity identity = login.certificatePem() != null
                ? AzureIdentity.clientCertificate(tenantId, client,
                        secretValue(login.certificatePem(), "Azure client certificate"))
                : AzureIdentity.clientSecret(tenantId, client, secretValue(login.secret(), "Azure client secret"));
        try {
            return AzureMinters.forRegistry(login.registry(), identity, env, caCertificatePem);
        } catch (InvalidInputException | RuntimeException e) {
            identity.close();
            throw e;
        }
    }

    private static SecretValue secretValue(@CheckForNull Secret secret, String field) throws InvalidInputException {
        char[] chars = chars(secret);
        if (chars == null) {
            throw new InvalidInputException("credentialsId", "the " + field + " is missing from the credential");
        }
        try {
            return SecretValue.copyOf(chars);
        } finally {
            wipe(chars);
        }
    }

    private static AwsIdentity awsIdentity(CloudLogin login) throws InvalidInputException {
        if (login.isAgentIdentity()) {
            return AwsIdentity.agent(null);
        }
        char[] secret = chars(login.secret());
        char[] token = chars(login.sessionToken());
        try {
            Secret accessKeyId = login.key();
            return AwsIdentity.keys(accessKeyId == null ? null : accessKeyId.getPlainText(), secret, token, null);
        } finally {
            wipe(secret);
            wipe(token);
        }
    }

    @CheckForNull
    private static char[] chars(@CheckForNull Secret secret) {
        return secret == null ? null : secret.getPlainText().toCharArray();
    }

    private static void wipe(@CheckForNull char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }
}
