package io.jenkins.plugins.registrypull.security;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrypull.RegistryPullStep;
import io.jenkins.plugins.registrypull.credentials.AwsCredentialType;
import io.jenkins.plugins.registrypull.credentials.AzureCredentialType;
import io.jenkins.plugins.registrypull.credentials.CloudCredentialType;
import io.jenkins.plugins.registrypull.testing.CapturingListener;
import io.jenkins.plugins.registrypull.testing.CloudTestCredentials;
import io.jenkins.plugins.registrypull.testing.SerializingChannel;
import io.jenkins.plugins.registrypull.testing.TestCredentials;
import io.jenkins.plugins.registrypull.testing.TestStepContext;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInJob;
import io.jenkins.registrypull.testkit.SecretScan;
import io.jenkins.registrypull.testkit.SecretScanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud identities' secrets (AWS secret key, Azure client secret, a Google service-account private key) never
 * reach the console, the step's failure or any file of the Jenkins home or workspace when the controller refuses
 * them: a role that cannot be assumed, a credential for another cloud's registry, a Secret file that is not a key.
 * Searched raw, base64 and URL-encoded with the testkit's scanner.
 */
class CloudCredentialsLeakTest {
    private final String awsSecret = "aws/" + UUID.randomUUID() + "+secret";
    private final String azureSecret = "az~" + UUID.randomUUID();
    private final String googlePrivateKey = "MIIEv" + UUID.randomUUID().toString().replace("-", "") + "Q==";

    @TempDir
    Path tmp;
    private Path home;
    private Path workspace;
    private final CapturingListener listener = new CapturingListener();
    private final List<Throwable> failures = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        StandIn.reset();
        home = Files.createDirectories(tmp.resolve("jenkins"));
        workspace = Files.createDirectories(tmp.resolve("workspace"));
        StandIn.startJenkins(home.toFile());
        TestCredentials.registerDescriptors();
        StandIn.register(CloudCredentialType.class, new AwsCredentialType());
        StandIn.register(CloudCredentialType.class, new AzureCredentialType());
    }

    @AfterEach
    void stop() {
        StandIn.reset();
    }

    private void pull(String image, String credentialsId) throws Exception {
        RegistryPullStep step = new RegistryPullStep(image);
        step.setCredentialsId(credentialsId);
        step.setTarget("oci");
        TestStepContext context = new TestStepContext().with(Run.class, StandInJob.create("job-" + credentialsId).newRun())
                .with(FilePath.class, new FilePath(new SerializingChannel(), workspace.toString()))
                .with(Launcher.class, new Launcher.LocalLauncher(listener)).with(TaskListener.class, listener)
                .with(EnvVars.class, new EnvVars("PATH", System.getenv("PATH")));
        step.start(context).start();
        failures.add(Assertions.catchThrowable(context::await));
    }

    @Test
    void testRefusedCloudCredentials_leaveNoSecretAnywhere() throws Exception {
        CloudTestCredentials.awsFailing("aws-role", new IllegalStateException(
                "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:AssumeRole (AccessDenied)"));
        CloudTestCredentials.awsKeys("aws-keys", "AKIAEXAMPLEKEY000001", awsSecret);
        CloudTestCredentials.azure("azure", "tenant", "client", azureSecret);
        TestCredentials.secretFile("google-user", "key.json", "{\"type\": \"authorized_user\", \"client_secret\": \""
                + googlePrivateKey + "\"}");
        TestCredentials.secretFile("google-key", "key.json", "{\"type\": \"service_account\", \"client_email\": \"ci@p.iam\","
                + " \"private_key\": \"" + googlePrivateKey + "\"}");

        pull("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1", "aws-role"); // AssumeRole refused
        pull("ghcr.io/team/app:1", "aws-keys"); // AWS keys for another registry
        pull("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1", "azure"); // Azure principal for ECR
        pull("europe-docker.pkg.dev/p/r/app:1", "google-user"); // not a service-account key
        pull("reg.example.com/team/app:1", "google-key"); // a key for a registry that is not Google's

        assertThat(failures).hasSize(5).allSatisfy(t -> assertThat(t).isInstanceOf(hudson.AbortException.class));
        assertThat(failures.stream().map(Throwable::getMessage).toList()).satisfiesExactly(
                m -> assertThat(m).contains("AccessDenied"), m -> assertThat(m).contains("Amazon ECR only"),
                m -> assertThat(m).contains("Azure Container Registry only"),
                m -> assertThat(m).contains("not a Google service-account JSON key"),
                m -> assertThat(m).contains("are of type Secret file"));

        SecretScan scan = SecretScanner.builder().secret("AWS secret key", awsSecret)
                .secret("Azure client secret", azureSecret).secret("Google private key", googlePrivateKey).build().newScan();
        scan.text("console", listener.text());
        for (Throwable t : failures) {
            scan.throwable("failure", t);
        }
        scan.tree(home, workspace).assertClean();
    }
}
