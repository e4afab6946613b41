package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.cloud.CloudRegistries;
import io.jenkins.registrypull.cloud.Environment;
import io.jenkins.registrypull.cloud.aws.AwsIdentity;
import io.jenkins.registrypull.cloud.aws.EcrMinters;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.InvalidInputException;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.Locale;

/**
 * {@code --auth} and the cloud options of pull and auth-exec: which registry credential to mint, from this machine's
 * own cloud identity (its environment, files and metadata endpoints; never a secret in an argument).
 */
final class CloudAuthOptions {
    static final String ACCEPTED = "auto, none, ecr";

    @Option(names = "--auth", paramLabel = "MODE", description = {"Registry credentials to mint from this machine's",
            "cloud identity: ecr (Amazon ECR: AWS environment, web identity file, profile, ECS or EC2 role),",
            "none, or auto (default: ecr for ACCOUNT.dkr.ecr.REGION.amazonaws.com hosts only)"})
    String auth = "auto";

    @Option(names = "--aws-region", paramLabel = "REGION", description = {"AWS region of the ECR API when the",
            "registry host does not name one (default: AWS_REGION)"})
    String awsRegion;

    @Option(names = "--aws-role-arn", paramLabel = "ARN", description = "IAM role to assume before asking ECR for a token")
    String awsRoleArn;

    private final Environment env;
    private final Clock clock;

    CloudAuthOptions() {
        this(Environment.system(), Clock.systemUTC());
    }

    CloudAuthOptions(Environment env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    /** Whether {@code --auth} asks for a minted credential for {@code registryHost}; checks the option. */
    boolean mints(String registryHost, boolean secretGiven) throws InvalidInputException {
        String mode = auth.toLowerCase(Locale.ROOT);
        switch (mode) {
            case "none":
                checkNoCloudOptions();
                return false;
            case "auto":
                if (secretGiven) {
                    return false;
                }
                // public.ecr.aws serves public images anonymously: minting there is opt-in (--auth ecr)
                return CloudRegistries.cloudOf(registryHost) == CloudRegistries.Cloud.AWS_ECR
                        && !registryHost.equalsIgnoreCase("public.ecr.aws");
            case "ecr":
                if (secretGiven) {
                    throw new InvalidInputException("--auth", "ecr mints the registry password itself; leave out"
                            + " --password-stdin / --token-stdin");
                }
                return true;
            default:
                throw new InvalidInputException("--auth", "'" + auth.replaceAll("[^\\x20-\\x7e]", "?")
                        + "' is not a mode; accepted: " + ACCEPTED);
        }
    }

    /** The renewing ECR credential for {@code registryHost}. */
    Credential credential(String registryHost) throws InvalidInputException {
        return EcrMinters.credential(registryHost, AwsIdentity.agent(awsRoleArn), awsRegion, env, clock);
    }

    private void checkNoCloudOptions() throws InvalidInputException {
        if (awsRegion != null || awsRoleArn != null) {
            throw new InvalidInputException(awsRegion != null ? "--aws-region" : "--aws-role-arn",
                    "applies to --auth ecr (or auto for an ECR host), not to --auth none");
        }
    }
}
