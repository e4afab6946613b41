package io.jenkins.registrypull.cloud.aws;

import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.credential.MintedCredential;
import io.jenkins.registrypull.error.RegistryException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.UncheckedIOException;

/**
 * Mints Amazon ECR registry credentials: finds the AWS identity (the SDK's providers, STS for a role), then asks ECR
 * for an authorization token ({@link EcrTokenClient}). Wrapped in a renewing credential, it runs again before the
 * 12-hour token expires.
 */
final class EcrMinter implements CredentialMinter {
    private final EcrEndpoint endpoint;
    private final AwsIdentity identity;
    private final AwsCredentialSources sources;
    private final AwsCredentialsProvider provider;
    private final EcrTokenClient client;

    EcrMinter(EcrEndpoint endpoint, AwsIdentity identity, AwsCredentialSources sources,
              AwsCredentialsProvider provider, EcrTokenClient client) {
        this.endpoint = endpoint;
        this.identity = identity;
        this.sources = sources;
        this.provider = provider;
        this.client = client;
    }

    @Override
    public MintedCredential mint() throws RegistryException {
        AwsCredentialsIdentity aws;
        String finding = identity.roleArn() != null ? "assuming the role " + identity.roleArn() + " (sts:AssumeRole)"
                : "finding the AWS credentials";
        try {
            aws = provider.resolveIdentity().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw translate(e.getCause() != null ? e.getCause() : e, finding);
        } catch (RuntimeException e) {
            throw translate(e, finding);
        }
        return client.fetch(endpoint, aws, identity.describe());
    }

    private RegistryException translate(Throwable e, String finding) {
        if (e instanceof SdkException sdk) {
            return AwsErrors.of(sdk, finding, identity.describe(), endpoint);
        }
        if (e instanceof UncheckedIOException io) {
            return new io.jenkins.registrypull.error.UnauthorizedException("Could not use the agent's AWS identity"
                    + " while " + finding + ": " + AwsErrors.printable(String.valueOf(io.getMessage())), 401,
                    java.util.List.of());
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
        throw new IllegalStateException(e);
    }

    @Override
    public String describe() {
        return endpoint.describe() + " (" + identity.describe() + ")";
    }

    @Override
    public void close() {
        sources.close();
        identity.close();
    }
}
