// Stand-in for com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials from org.jenkins-ci.plugins:aws-credentials:262.v0efb_28f71f94 (subset of members; the AWS SDK v1 supertype left out).
package com.cloudbees.jenkins.plugins.awscredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * An AWS credential of the aws-credentials plugin. {@link #resolveCredentials()} (from the SDK's
 * {@link AwsCredentialsProvider}) gives the keys to use: the static keys, or, when the credential names an IAM role,
 * the session credentials of an STS AssumeRole the plugin makes on the controller.
 */
public interface AmazonWebServicesCredentials extends StandardCredentials, AwsCredentialsProvider {
    long serialVersionUID = -8931505925778535681L;

    String getDisplayName();

    AwsCredentials resolveCredentials(String mfaToken);
}
