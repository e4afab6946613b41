package io.jenkins.registrypull.cloud.aws;

import io.jenkins.registrypull.error.AccessDeniedException;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.UnauthorizedException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * AWS error codes (from ECR's JSON answer or an SDK exception) as our exceptions: the AWS code and message, and what
 * the user should do. AWS messages name keys by id at most, never by secret.
 */
final class AwsErrors {
    static final int MAX_MESSAGE = 400;

    private AwsErrors() {
    }

    /**
     * The failure for an AWS error {@code code} with {@code message}, met while {@code action}.
     *
     * @param who the identity, secret-free ({@link AwsIdentity#describe()})
     */
    static RegistryException of(String code, String message, int status, String action, String who,
                                EcrEndpoint endpoint) {
        String c = code == null ? "" : code.replaceFirst("^.*#", "").replaceFirst(":.*$", "");
        String m = message == null ? "" : printable(message);
        String head = "AWS refused " + action + " (" + (c.isEmpty() ? "HTTP " + status : c)
                + (m.isEmpty() ? "" : ": " + m) + ") for " + who + ". ";
        String lower = c.toLowerCase(Locale.ROOT);
        if (m.contains("scoped to a valid region") || m.contains("region")
                && lower.contains("signature")) {
            return new UnauthorizedException(head + "The request was signed for " + endpoint.region() + ", which this"
                    + " endpoint does not serve: check the region (--aws-region / AWS_REGION) or the registry host.",
                    status, List.of());
        }
        switch (lower) {
            case "accessdeniedexception", "accessdenied", "unauthorizedoperation" -> {
                String permission = action.contains("AssumeRole")
                        ? "the role's trust policy must allow this identity to assume it (sts:AssumeRole, or"
                        + " sts:AssumeRoleWithWebIdentity for a web identity), and the identity needs sts:AssumeRole"
                        : endpoint.publicRegistry()
                        ? "the identity needs the IAM permissions ecr-public:GetAuthorizationToken and"
                        + " sts:GetServiceBearerToken"
                        : "the identity needs the IAM permission ecr:GetAuthorizationToken (for example through the"
                        + " managed policy AmazonEC2ContainerRegistryReadOnly)";
                return new AccessDeniedException(head + "Grant it: " + permission + ".", status, List.of());
            }
            case "unrecognizedclientexception", "invalidclienttokenid" -> {
                return new UnauthorizedException(head + "AWS does not know this access key id: check that the key is"
                        + " active and belongs to the partition of the region " + endpoint.region() + ".", status,
                        List.of());
            }
            case "invalidsignatureexception", "signaturedoesnotmatch", "incompletesignature",
                 "incompletesignatureexception" -> {
                return new UnauthorizedException(head + "The secret access key does not match the access key id:"
                        + " check the secret key (no extra spaces or line breaks).", status, List.of());
            }
            case "expiredtoken", "expiredtokenexception", "requestexpired" -> {
                return new UnauthorizedException(head + "The temporary AWS credentials (session token) expired:"
                        + " give fresh ones, or long-term keys with a role to assume, or use the agent's identity.",
                        status, List.of());
            }
            case "invalididentitytoken", "invalididentitytokenexception", "expiredtokenexceptionwebidentity" -> {
                return new UnauthorizedException(head + "The web identity token (AWS_WEB_IDENTITY_TOKEN_FILE) was"
                        + " refused: check the IAM OIDC provider of the cluster and the role's trust policy.",
                        status, List.of());
            }
            default -> {
                return new UnauthorizedException(head + "Check the AWS identity and its IAM permissions.", status,
                        List.of());
            }
        }
    }

    /** An SDK failure while finding or using the AWS identity. */
    static RegistryException of(SdkException e, String action, String who, EcrEndpoint endpoint) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return of(service.awsErrorDetails().errorCode(), service.awsErrorDetails().errorMessage(),
                    service.statusCode(), action, who, endpoint);
        }
        Throwable cause = e;
        while (cause != null && !(cause instanceof IOException)) {
            cause = cause.getCause();
        }
        if (cause != null) {
            return new RegistryConnectionException("Could not reach AWS while " + action + " for " + who + " ("
                    + printable(String.valueOf(cause.getMessage())) + "). Check the network, the region "
                    + endpoint.region() + " and any endpoint override (AWS_ENDPOINT_URL_STS,"
                    + " AWS_EC2_METADATA_SERVICE_ENDPOINT).", e);
        }
        return new UnauthorizedException("No usable AWS identity while " + action + " for " + who + ": "
                + printable(String.valueOf(e.getMessage())) + " Give AWS keys, or run the agent where AWS credentials"
                + " are available (environment, web identity token file, shared profile, ECS task role, EC2"
                + " instance profile).", 401, List.of());
    }

    static String printable(String message) {
        String s = message.replaceAll("[^\\x20-\\x7e]", " ").strip();
        return s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) + "..." : s;
    }
}
