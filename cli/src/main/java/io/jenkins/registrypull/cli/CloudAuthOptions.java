package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.cloud.aws.AwsIdentity;
import io.jenkins.registrypull.cloud.aws.EcrMinters;
import io.jenkins.registrypull.cloud.azure.AzureIdentity;
import io.jenkins.registrypull.cloud.azure.AzureMinters;
import io.jenkins.registrypull.cloud.gcp.GoogleIdentity;
import io.jenkins.registrypull.cloud.gcp.GoogleMinters;
import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.InvalidInputException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --auth} and the inputs of the cloud registries whose credential the CLI mints itself (docs/credentials.md):
 * Amazon ECR, Google Artifact Registry / GCR and Azure Container Registry. Secrets come from files or stdin, never
 * from argv.
 */
final class CloudAuthOptions {

    static final String ACCEPTED = "auto, none, ecr, gcp or azure";
    static final String GOOGLE_APPLICATION_CREDENTIALS = "GOOGLE_APPLICATION_CREDENTIALS";
    private static final int MAX_KEY_FILE = 64 * 1024;

    @Option(names = "--auth", paramLabel = "MODE", description = {"Who makes the registry credential: auto (default:",
            "ecr for ACCOUNT.dkr.ecr.REGION.amazonaws.com hosts; gcp and azure for their hosts with that cloud's",
            "explicit inputs; only when no secret is given), none (only --username/--*-stdin),",
            "ecr (Amazon ECR, from this machine's AWS identity: AWS_* variables, web identity token file, profile,",
            "ECS task role or EC2 instance profile),",
            "gcp (Google: --gcp-key-file, else GOOGLE_APPLICATION_CREDENTIALS, else this machine's metadata server),",
            "azure (Entra ID: AZURE_TENANT_ID + AZURE_CLIENT_ID with --azure-client-secret-stdin or",
            "AZURE_CLIENT_CERTIFICATE_PATH, else this machine's managed identity)"})
    String auth = "auto";

    @Option(names = "--aws-region", paramLabel = "REGION", description = {"AWS region of the ECR API when the",
            "registry host does not name one (default: AWS_REGION)"})
    String awsRegion;

    @Option(names = "--aws-role-arn", paramLabel = "ARN", description = "IAM role to assume before asking ECR for a token")
    String awsRoleArn;

    @Option(names = "--gcp-key-file", paramLabel = "FILE", description = {"A Google service account's JSON key file",
            "(the key never goes in an argument or variable)"})
    Path gcpKeyFile;

    @Option(names = "--azure-client-secret-stdin", description = {"Read the Azure service principal's client secret",
            "from stdin (with AZURE_TENANT_ID and AZURE_CLIENT_ID)"})
    boolean azureClientSecretStdin;

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
        boolean googleInput = gcpKeyFile != null || isSet(env, GOOGLE_APPLICATION_CREDENTIALS);
        boolean azureInput = azureClientSecretStdin || isSet(env, "AZURE_CLIENT_CERTIFICATE_PATH");
        switch (mode) {
            case "none" -> {
                refuseCloudInputs("none");
                return null;
            }
            case "ecr" -> {
                refuseWith(userCredential, "ecr");
                refuseOtherInputs("ecr", true, true, false);
                return ecr(registry, env);
            }
            case "gcp" -> {
                refuseWith(userCredential, "gcp");
                refuseOtherInputs("gcp", false, true, true);
                return GoogleMinters.forIdentity(googleIdentity(env), env);
            }
            case "azure" -> {
                refuseWith(userCredential, "azure");
                refuseOtherInputs("azure", true, false, true);
                return AzureMinters.forRegistry(registry, azureIdentity(env, stdin), env, caCertificatePem);
            }
            case "auto" -> {
                if (userCredential) {
                    refuseCloudInputs("auto with --username or a --*-stdin secret");
                    return null;
                }
                if (EcrMinters.isEcrRegistry(registry)) {
                    refuseOtherInputs("auto for an ECR host", true, true, false);
                    return ecr(registry, env);
                }
                if (GoogleMinters.isGoogleRegistry(registry) && googleInput) {
                    return GoogleMinters.forIdentity(googleIdentity(env), env);
                }
                if (AzureMinters.isAzureRegistry(registry) && azureInput) {
                    return AzureMinters.forRegistry(registry, azureIdentity(env, stdin), env, caCertificatePem);
                }
                if (gcpKeyFile != null || azureClientSecretStdin) {
                    throw new InvalidInputException(gcpKeyFile != null ? "--gcp-key-file" : "--azure-client-secret-stdin",
                            registry + " is not a " + (gcpKeyFile != null ? "Google (*-docker.pkg.dev, gcr.io)"
                            : "Azure (*.azurecr.io)") + " registry host; add --auth " + (gcpKeyFile != null ? "gcp"
                            : "azure") + " to use it for this registry anyway");
                }
                return null;
            }
            default -> throw new InvalidInputException("--auth", "must be " + ACCEPTED + ", was '"
                    + auth.replaceAll("[^\\x20-\\x7e]", "?") + "'");
        }
    }

    private CredentialMinter ecr(String registry, Map<String, String> env) throws InvalidInputException {
        return EcrMinters.forRegistry(registry, AwsIdentity.agent(awsRoleArn), awsRegion, env, Clock.systemUTC());
    }

    private GoogleIdentity googleIdentity(Map<String, String> env) throws IOException, InvalidInputException {
        if (gcpKeyFile != null) {
            return GoogleIdentity.serviceAccountKey(readSecretFile(gcpKeyFile, "--gcp-key-file"));
        }
        if (isSet(env, GOOGLE_APPLICATION_CREDENTIALS)) {
            return GoogleIdentity.serviceAccountKey(readSecretFile(Path.of(env.get(GOOGLE_APPLICATION_CREDENTIALS)),
                    GOOGLE_APPLICATION_CREDENTIALS));
        }
        return GoogleIdentity.agentMetadata();
    }

    private AzureIdentity azureIdentity(Map<String, String> env, Stdin stdin) throws IOException, InvalidInputException {
        String tenant = env.get("AZURE_TENANT_ID");
        String client = env.get("AZURE_CLIENT_ID");
        String certificate = env.get("AZURE_CLIENT_CERTIFICATE_PATH");
        if (azureClientSecretStdin || isSet(env, "AZURE_CLIENT_CERTIFICATE_PATH")) {
            String input = azureClientSecretStdin ? "--azure-client-secret-stdin" : "AZURE_CLIENT_CERTIFICATE_PATH";
            if (!isSet(env, "AZURE_TENANT_ID") || !isSet(env, "AZURE_CLIENT_ID")) {
                throw new InvalidInputException(input, "needs the service principal's AZURE_TENANT_ID and"
                        + " AZURE_CLIENT_ID in the environment");
            }
            if (azureClientSecretStdin) {
                return AzureIdentity.clientSecret(tenant, client, stdin.read("--azure-client-secret-stdin"));
            }
            return AzureIdentity.clientCertificate(tenant, client,
                    readSecretFile(Path.of(certificate), "AZURE_CLIENT_CERTIFICATE_PATH"));
        }
        // no service principal: the machine's managed identity, a user-assigned one when AZURE_CLIENT_ID names it
        return AzureIdentity.managedIdentity(client);
    }

    private void refuseWith(boolean userCredential, String mode) throws InvalidInputException {
        if (userCredential) {
            throw new InvalidInputException("--auth", mode + " makes the registry credential itself; leave out"
                    + " --username, --password-stdin and --token-stdin");
        }
    }

    private void refuseCloudInputs(String mode) throws InvalidInputException {
        refuseOtherInputs(mode, true, true, true);
    }

    /** Refuses the inputs of the clouds named (aws, gcp, azure) that --auth {@code mode} does not use. */
    private void refuseOtherInputs(String mode, boolean gcp, boolean azure, boolean aws) throws InvalidInputException {
        if (gcp && gcpKeyFile != null) {
            throw new InvalidInputException("--gcp-key-file", "is not used with --auth " + mode + "; use --auth gcp");
        }
        if (azure && azureClientSecretStdin) {
            throw new InvalidInputException("--azure-client-secret-stdin", "is not used with --auth " + mode
                    + "; use --auth azure");
        }
        if (aws && (awsRegion != null || awsRoleArn != null)) {
            throw new InvalidInputException(awsRegion != null ? "--aws-region" : "--aws-role-arn", "is not used"
                    + " with --auth " + mode + "; use --auth ecr");
        }
    }

    private static boolean isSet(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    /** A key or certificate file, read into a secret with a cap (a FIFO or /dev/zero has no end). */
    static SecretValue readSecretFile(Path file, String option) throws InvalidInputException {
        byte[] content = null;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_KEY_FILE + 1);
            if (content.length > MAX_KEY_FILE) {
                throw new InvalidInputException(option, file + " is larger than 64 KiB; expected a key file");
            }
            return SecretValue.fromUtf8(content, 0, content.length);
        } catch (IOException e) {
            throw new InvalidInputException(option, "cannot read " + file + " (" + e.getClass().getSimpleName()
                    + ")");
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(option, file + " is not UTF-8 text; expected a key file");
        } finally {
            if (content != null) {
                Arrays.fill(content, (byte) 0);
            }
        }
    }
}
