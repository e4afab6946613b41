package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.cloud.aws.AwsIdentity;
import io.jenkins.registrypull.cloud.aws.EcrMinters;
import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.InvalidInputException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --auth} and the inputs of the cloud registries whose credential the CLI mints itself (docs/credentials.md):
 * Amazon ECR, from this machine's own AWS identity. Secrets come from files or stdin, never from argv.
 */
final class CloudAuthOptions {

    static final String ACCEPTED = "auto, none or ecr";

    @Option(names = "--auth", paramLabel = "MODE", description = {"Who makes the registry credential: auto (default:",
            "ecr for ACCOUNT.dkr.ecr.REGION.amazonaws.com hosts when no secret is given), none (only",
            "--username/--*-stdin), ecr (Amazon ECR, from this machine's AWS identity: AWS_* variables, web identity",
            "token file, profile, ECS task role or EC2 instance profile)"})
    String auth = "auto";

    @Option(names = "--aws-region", paramLabel = "REGION", description = {"AWS region of the ECR API when the",
            "registry host does not name one (default: AWS_REGION)"})
    String awsRegion;

    @Option(names = "--aws-role-arn", paramLabel = "ARN", description = "IAM role to assume before asking ECR for a token")
    String awsRoleArn;

    /** What reads a secret from stdin when an input asks for it. */
    interface Stdin {
        SecretValue read(String option) throws IOException, InvalidInputException;
    }

    /**
     * The minter for {@code registry}, or null when the credential is the user's own (or anonymous). Checks every
     * input before any network call.
     *
     * @param userCredential whether --username/--password-stdin/--token-stdin was given
     */
    CredentialMinter minter(String registry, boolean userCredential, Map<String, String> env, Stdin stdin,
            String caCertificatePem) throws IOException, InvalidInputException {
        String mode = auth.toLowerCase(Locale.ROOT);
        switch (mode) {
            case "none" -> {
                refuseCloudInputs("none");
                return null;
            }
            case "ecr" -> {
                refuseWith(userCredential, "ecr");
                return ecr(registry, env);
            }
            case "auto" -> {
                if (userCredential) {
                    refuseCloudInputs("auto with --username or a --*-stdin secret");
                    return null;
                }
                return EcrMinters.isEcrRegistry(registry) ? ecr(registry, env) : null;
            }
            default -> throw new InvalidInputException("--auth", "must be " + ACCEPTED + ", was '"
                    + auth.replaceAll("[^\\x20-\\x7e]", "?") + "'");
        }
    }

    private CredentialMinter ecr(String registry, Map<String, String> env) throws InvalidInputException {
        return EcrMinters.forRegistry(registry, AwsIdentity.agent(awsRoleArn), awsRegion, env, Clock.systemUTC());
    }

    private void refuseWith(boolean userCredential, String mode) throws InvalidInputException {
        if (userCredential) {
            throw new InvalidInputException("--auth", mode + " makes the registry credential itself; leave out"
                    + " --username, --password-stdin and --token-stdin");
        }
    }

    private void refuseCloudInputs(String mode) throws InvalidInputException {
        if (awsRegion != null || awsRoleArn != null) {
            throw new InvalidInputException(awsRegion != null ? "--aws-region" : "--aws-role-arn", "is not used"
                    + " with --auth " + mode + "; use --auth ecr");
        }
    }
}
