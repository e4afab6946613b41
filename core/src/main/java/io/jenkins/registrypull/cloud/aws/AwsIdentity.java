package io.jenkins.registrypull.cloud.aws;

import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.InvalidInputException;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Who asks AWS for the registry token: access keys (with a session token when they are temporary), or the agent's own
 * identity (the standard AWS chain on the machine that pulls); either may assume a role first. Secrets are held only as
 * {@link SecretValue}; {@link #close()} wipes them.
 *
 * <p>Built from plain values ({@link #keys}, {@link #agent}), so a caller that carries Jenkins secrets or command-line
 * input over a channel builds it where it is used, and nothing here needs to be serialised.
 */
public sealed interface AwsIdentity extends AutoCloseable permits AwsIdentity.Keys, AwsIdentity.Agent {

    /** {@code arn:aws:iam::123456789012:role/name}, in any partition ({@code aws-cn}, {@code aws-us-gov}). */
    Pattern ROLE_ARN = Pattern.compile("arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}");
    /** AWS access key ids: {@code AKIA...} (long-term) or {@code ASIA...} (temporary), upper-case letters and digits. */
    Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z0-9]{16,128}");

    /**
     * Access keys. The arrays are copied; the caller wipes its own.
     *
     * @param sessionToken the session token of temporary keys, or null
     * @param roleArn a role to assume with these keys before asking for the token, or null
     * @throws InvalidInputException naming the field that is malformed
     */
    static Keys keys(String accessKeyId, char[] secretAccessKey, char[] sessionToken, String roleArn)
            throws InvalidInputException {
        if (accessKeyId == null || !ACCESS_KEY_ID.matcher(accessKeyId).matches()) {
            throw new InvalidInputException("accessKeyId", "an AWS access key id is 16 to 128 upper-case letters and"
                    + " digits, e.g. AKIAIOSFODNN7EXAMPLE (check that the access key, not the secret key, is in this"
                    + " field)");
        }
        if (secretAccessKey == null || secretAccessKey.length == 0) {
            throw new InvalidInputException("secretAccessKey", "the AWS secret access key is empty");
        }
        if (sessionToken != null && sessionToken.length == 0) {
            sessionToken = null;
        }
        return new Keys(accessKeyId, SecretValue.copyOf(secretAccessKey),
                sessionToken == null ? null : SecretValue.copyOf(sessionToken), checkRole(roleArn));
    }

    /**
     * The agent's own AWS identity: environment variables, the web identity token file (EKS IRSA), the shared
     * profile, ECS container credentials, EC2 instance metadata (IMDSv2), in that order.
     *
     * @param roleArn a role to assume with that identity first, or null
     */
    static Agent agent(String roleArn) throws InvalidInputException {
        return new Agent(checkRole(roleArn));
    }

    private static String checkRole(String roleArn) throws InvalidInputException {
        if (roleArn == null || roleArn.isBlank()) {
            return null;
        }
        String arn = roleArn.strip();
        if (!ROLE_ARN.matcher(arn).matches()) {
            throw new InvalidInputException("roleArn", "not an IAM role ARN: accepted is"
                    + " arn:aws:iam::ACCOUNT_ID:role/NAME (12-digit account id), e.g."
                    + " arn:aws:iam::123456789012:role/jenkins-ecr-pull");
        }
        return arn;
    }

    /** The role to assume first, or null. */
    String roleArn();

    /** Secret-free, for messages: e.g. {@code access key AKIA...MPLE, role arn:aws:iam::...}. */
    String describe();

    @Override
    void close();

    /** Access keys; {@code sessionToken} and {@code roleArn} may be null. toString shows no secret. */
    record Keys(String accessKeyId, SecretValue secretAccessKey, SecretValue sessionToken, String roleArn)
            implements AwsIdentity {
        @Override
        public String describe() {
            String id = accessKeyId.length() > 8 ? accessKeyId.substring(0, 4) + "..."
                    + accessKeyId.substring(accessKeyId.length() - 4) : accessKeyId;
            return "access key " + id + (sessionToken != null ? " (temporary)" : "")
                    + (roleArn != null ? ", role " + roleArn : "");
        }

        @Override
        public void close() {
            secretAccessKey.close();
            if (sessionToken != null) {
                sessionToken.close();
            }
        }
    }

    /** The agent's own identity; {@code roleArn} may be null. */
    record Agent(String roleArn) implements AwsIdentity {
        @Override
        public String describe() {
            return "the agent's own AWS identity" + (roleArn != null ? ", role " + roleArn : "");
        }

        @Override
        public void close() {
        }
    }

    /** Wipes {@code chars}; for callers that built an identity from arrays they own. */
    static void wipe(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }
}
