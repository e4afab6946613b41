package io.jenkins.plugins.registrypull.credentials;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.util.Secret;
import io.jenkins.plugins.registrypull.Messages;
import org.jenkinsci.plugins.variant.OptionalExtension;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * "AWS Credentials" of the aws-credentials plugin, for Amazon ECR. The plugin resolves them on the controller
 * ({@link AmazonWebServicesCredentials#resolveCredentials()}): the static keys, or, when the credential names an IAM
 * role, the short-lived session credentials of the role it assumes; only those keys travel to the agent, which mints
 * the ECR token with them.
 */
@OptionalExtension(requirePlugins = "aws-credentials")
public final class AwsCredentialType extends CloudCredentialType {
    public AwsCredentialType() {
        super(Cloud.AWS, "AWS Credentials");
    }

    @NonNull
    @Override
    protected Class<? extends IdCredentials> type() {
        return AmazonWebServicesCredentials.class;
    }

    @NonNull
    @Override
    protected RegistryLogin login(@NonNull IdCredentials credentials, @NonNull String credentialsId, @NonNull String registry,
            @NonNull Run<?, ?> run)
            throws AbortException {
        AwsCredentials keys;
        try {
            keys = ((AmazonWebServicesCredentials) credentials).resolveCredentials();
        } catch (RuntimeException e) {
            // The SDK's messages name the AWS error (AccessDenied, ExpiredToken...) and never hold the secret key.
            throw new UnusableCredentialsException(Messages.CloudLogin_AwsResolveFailed(credentialsId, String.valueOf(e.getMessage())));
        }
        if (keys == null) {
            throw new UnusableCredentialsException(Messages.CloudLogin_AwsNoKeys(credentialsId));
        }
        Secret sessionToken = keys instanceof AwsSessionCredentials
                ? Secret.fromString(((AwsSessionCredentials) keys).sessionToken()) : null;
        return RegistryLogin.cloud(CloudLogin.aws(registry, Secret.fromString(keys.accessKeyId()),
                Secret.fromString(keys.secretAccessKey()), sessionToken, "credentials '" + credentialsId + "'"));
    }
}
