package io.jenkins.registrypull.cloud.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.error.RegistryException;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import okhttp3.OkHttpClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Builds the Amazon ECR credential for one registry. */
public final class EcrMinters {
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private EcrMinters() {
    }

    /**
     * Whether {@code registry} is a private Amazon ECR registry host ({@code ACCOUNT.dkr.ecr.REGION.amazonaws.com},
     * {@code .amazonaws.com.cn}), where the command line's {@code --auth auto} mints. ECR Public
     * ({@code public.ecr.aws}) is not: its images pull anonymously.
     */
    public static boolean isEcrRegistry(String registry) {
        return EcrEndpoint.PRIVATE.matcher(EcrEndpoint.hostOf(registry)).matches();
    }

    /**
     * A minter of ECR credentials for {@code registryHost}; it owns {@code identity} and wipes it when closed. Checks
     * the region and endpoint overrides now; calls nothing until the first mint.
     *
     * @param region the configured region, or null: from the registry host, else AWS_REGION / AWS_DEFAULT_REGION
     */
    public static CredentialMinter forRegistry(String registryHost, AwsIdentity identity, String region,
                                               Map<String, String> env, Clock clock) throws InvalidInputException {
        try {
            EcrEndpoint endpoint = EcrEndpoint.forRegistry(registryHost, region, env);
            AwsCredentialSources sources = new AwsCredentialSources(env, endpoint.region());
            OkHttpClient http = new OkHttpClient.Builder().callTimeout(CALL_TIMEOUT).build();
            return new EcrMinter(endpoint, identity, sources, sources.provider(identity),
                    new EcrTokenClient(http, new ObjectMapper(), clock));
        } catch (InvalidInputException | RuntimeException e) {
            identity.close();
            throw e;
        }
    }

    /**
     * Assumes {@code identity}'s role now and returns the role's temporary keys (with their session token), so that a
     * Jenkins controller can send short-lived keys to an agent rather than long-term ones. An identity without a
     * role is returned as it is. Closes {@code identity} when it returns new keys.
     *
     * @param region the STS region (the registry's), e.g. from {@link EcrEndpoint#forRegistry}
     */
    public static AwsIdentity assumeRoleNow(AwsIdentity identity, String region, Map<String, String> env)
            throws RegistryException {
        if (identity.roleArn() == null) {
            return identity;
        }
        // names the region in errors; the ECR call itself happens later, on the agent
        EcrEndpoint endpoint = EcrEndpoint.forRegistry("registry.invalid", region, Map.of());
        try (AwsCredentialSources sources = new AwsCredentialSources(env, region)) {
            AwsCredentials credentials;
            try {
                credentials = sources.provider(identity).resolveCredentials();
            } catch (SdkException e) {
                throw AwsErrors.of(e, "assuming the role " + identity.roleArn() + " (sts:AssumeRole)",
                        identity.describe(), endpoint);
            }
            String token = credentials instanceof AwsSessionCredentials session ? session.sessionToken() : null;
            char[] secret = credentials.secretAccessKey().toCharArray();
            char[] sessionToken = token == null ? null : token.toCharArray();
            try {
                AwsIdentity.Keys temporary = AwsIdentity.keys(credentials.accessKeyId(), secret, sessionToken, null);
                identity.close();
                return temporary;
            } finally {
                AwsIdentity.wipe(secret);
                AwsIdentity.wipe(sessionToken);
            }
        }
    }

    /** The renewing credential for {@code registryHost}: what a pull or a credential helper is given. */
    public static Credential credential(String registryHost, AwsIdentity identity, String region,
                                        Map<String, String> env, Clock clock) throws InvalidInputException {
        return Credential.renewing(forRegistry(registryHost, identity, region, env, clock), clock);
    }
}
