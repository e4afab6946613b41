package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.registrypull.credentials.AgentIdentityConfiguration;
import io.jenkins.plugins.registrypull.credentials.AwsCredentialType;
import io.jenkins.plugins.registrypull.credentials.AzureCredentialType;
import io.jenkins.plugins.registrypull.credentials.CloudCredentialType;
import io.jenkins.plugins.registrypull.testing.CloudTestCredentials;
import io.jenkins.plugins.registrypull.testing.TestCredentials;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInJob;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

/**
 * The credentials dropdowns list the cloud plugins' credential types where those plugins are installed, Secret files
 * for Google registries only, and the agent's identity only where the administrator allowed it.
 */
class CloudCredentialsDropdownTest {
    private static final String ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app";

    @TempDir
    Path home;
    private StandInJob job;
    private AgentIdentityConfiguration config;
    /** The step's and each wrapper image's dropdowns: ImageToPull's descriptor serves both forms. */
    private final ImageToPull.DescriptorImpl step = new ImageToPull.DescriptorImpl();
    private final ImageToPull.DescriptorImpl image = new ImageToPull.DescriptorImpl();

    @BeforeEach
    void start() throws Exception {
        StandIn.reset();
        StandIn.startJenkins(home.toFile());
        TestCredentials.registerDescriptors();
        TestCredentials.usernamePassword("reg-user", "ci-bot", "s3cret");
        TestCredentials.secretFile("key-file", "key.json", "{}");
        CloudTestCredentials.awsKeys("aws", "AKIAEXAMPLEKEY000001", "aws-secret-key-value");
        CloudTestCredentials.azure("azure", "tenant", "client", "azure-secret");
        config = StandIn.register(AgentIdentityConfiguration.class, new AgentIdentityConfiguration());
        job = StandInJob.create("app");
        StandIn.grantOnly(Item.CONFIGURE);
    }

    @AfterEach
    void stop() {
        StandIn.reset();
    }

    private static <T> T asAlice(Supplier<T> call) {
        try (ACLContext ctx = ACL.as2(new UsernamePasswordAuthenticationToken("alice", "x"))) {
            return call.get();
        }
    }

    private static List<String> values(ListBoxModel model) {
        return model.stream().map(o -> o.value).collect(Collectors.toList());
    }

    @Test
    void testWithoutTheCloudPlugins_onlyTheBaseTypes() {
        assertThat(values(asAlice(() -> step.doFillCredentialsIdItems(job, "", ECR)))).containsExactly("", "reg-user");
    }

    @Test
    void testWithTheCloudPlugins_theirTypesAreListed() {
        StandIn.register(CloudCredentialType.class, new AwsCredentialType());
        StandIn.register(CloudCredentialType.class, new AzureCredentialType());
        assertThat(values(asAlice(() -> step.doFillCredentialsIdItems(job, "", ECR))))
                .containsExactlyInAnyOrder("", "reg-user", "aws", "azure");
        assertThat(values(asAlice(() -> image.doFillCredentialsIdItems(job, "", ECR))))
                .containsExactlyInAnyOrder("", "reg-user", "aws", "azure");
        assertThat(asAlice(() -> step.doCheckCredentialsId(job, "aws", ECR)).kind).isEqualTo(FormValidation.Kind.OK);
    }

    @Test
    void testSecretFiles_listedForGoogleRegistriesOnly() {
        assertThat(values(asAlice(() -> step.doFillCredentialsIdItems(job, "", "europe-docker.pkg.dev/p/r/app"))))
                .containsExactlyInAnyOrder("", "reg-user", "key-file");
        assertThat(values(asAlice(() -> step.doFillCredentialsIdItems(job, "", ECR)))).doesNotContain("key-file");
        assertThat(asAlice(() -> step.doCheckCredentialsId(job, "key-file", "gcr.io/p/app")).kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(asAlice(() -> step.doCheckCredentialsId(job, "key-file", ECR)).kind).isEqualTo(FormValidation.Kind.ERROR);
    }

    @Test
    void testAgentIdentity_listedAndAcceptedOnlyWhenAllowed() {
        assertThat(values(asAlice(() -> step.doFillCredentialsIdItems(job, "", ECR)))).doesNotContain("agent-identity");
        FormValidation refused = asAlice(() -> step.doCheckCredentialsId(job, "agent-identity", ECR));
        assertThat(refused.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(refused.getMessage()).contains("Registry logins with the agent");

        config.setAllowAgentIdentity(true);
        assertThat(values(asAlice(() -> step.doFillCredentialsIdItems(job, "", ECR)))).contains("agent-identity");
        assertThat(values(asAlice(() -> image.doFillCredentialsIdItems(job, "", ECR)))).contains("agent-identity");
        assertThat(asAlice(() -> step.doCheckCredentialsId(job, "agent-identity", ECR)).kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(values(asAlice(() -> step.doFillCaCertificateIdItems(job, "", ECR)))).doesNotContain("agent-identity");
    }
}
