package io.jenkins.registrypull.cloud.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.cloud.Environment;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.error.InvalidInputException;
import okhttp3.OkHttpClient;

import java.time.Clock;
import java.time.Duration;

/** Builds the Amazon ECR credential for one registry. */
public final class EcrMinters {
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private EcrMinters() {
    }

    /**
     * A minter of ECR credentials for {@code registryHost}; it owns {@code identity} and wipes it when closed. Checks
     * the region and endpoint overrides now; calls nothing until the first mint.
     *
     * @param region the configured region, or null: from the registry host, else AWS_REGION / AWS_DEFAULT_REGION
     */
    public static CredentialMinter forRegistry(String registryHost, AwsIdentity identity, String region,
                                               Environment env, Clock clock) throws InvalidInputException {
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

    /** The renewing credential for {@code registryHost}: what a pull or a credential helper is given. */
    public static Credential credential(String registryHost, AwsIdentity identity, String region, Environment env,
                                        Clock clock) throws InvalidInputException {
        return Credential.renewing(forRegistry(registryHost, identity, region, env, clock), clock);
    }
}
