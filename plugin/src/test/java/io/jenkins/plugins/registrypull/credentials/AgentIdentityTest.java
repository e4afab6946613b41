package io.jenkins.plugins.registrypull.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.model.Item;
import io.jenkins.plugins.registrypull.testing.TestCredentials;
import io.jenkins.registrypull.reference.ImageReference;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInJob;
import io.jenkins.registrypull.standin.StandInRun;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's own cloud identity needs the build's explicit choice ({@code credentialsId: 'agent-identity'}), the
 * administrator's switch, and a build authentication that may use the job's credentials; each missing piece is
 * refused before any network call with a message naming it.
 */
class AgentIdentityTest {
    private static final String ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1";

    @TempDir
    Path home;
    private AgentIdentityConfiguration config;

    @BeforeEach
    void start() {
        StandIn.reset();
        StandIn.startJenkins(home.toFile());
        TestCredentials.registerDescriptors();
        config = StandIn.register(AgentIdentityConfiguration.class, new AgentIdentityConfiguration());
    }

    @AfterEach
    void stop() {
        StandIn.reset();
    }

    private static RegistryLogin resolve(StandInRun run, String image) throws Exception {
        return new RegistryCredentialsResolver(run).resolveLogin(AgentIdentity.CREDENTIALS_ID, ImageReference.parse(image), false);
    }

    @Test
    void testOffByDefault_refusedNamingTheSetting() throws Exception {
        assertThat(config.isAllowAgentIdentity()).isFalse();
        StandInRun run = StandInJob.create("app").newRun();
        assertThatThrownBy(() -> resolve(run, ECR))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("which this controller does not allow")
                .hasMessageContaining("Registry logins with the agent's cloud identity")
                .hasMessageContaining("unclassified.registryAgentIdentity.allowAgentIdentity");
    }

    @Test
    void testNoConfigurationRegistered_refused() throws Exception {
        StandIn.reset();
        StandIn.startJenkins(home.toFile());
        StandInRun run = StandInJob.create("app").newRun();
        assertThatThrownBy(() -> resolve(run, ECR)).isInstanceOf(AbortException.class)
                .hasMessageContaining("does not allow");
    }

    @Test
    void testAllowed_eachCloudsRegistry_getsTheAgentsIdentity() throws Exception {
        config.setAllowAgentIdentity(true);
        StandInRun run = StandInJob.create("app").newRun();

        RegistryLogin ecr = resolve(run, ECR);
        assertThat(ecr.kind()).isEqualTo(RegistryLogin.Kind.CLOUD);
        assertThat(ecr.cloud().cloud()).isEqualTo(Cloud.AWS);
        assertThat(ecr.cloud().isAgentIdentity()).isTrue();
        assertThat(ecr.cloud().key()).isNull();
        assertThat(ecr.secretTexts()).isEmpty();
        assertThat(ecr.describe()).isEqualTo("Amazon ECR login minted from the agent's own identity");
        assertThat(resolve(run, "us-docker.pkg.dev/p/r/app:1").cloud().cloud()).isEqualTo(Cloud.GOOGLE);
        assertThat(resolve(run, "team.azurecr.io/app:1").cloud().cloud()).isEqualTo(Cloud.AZURE);
    }

    @Test
    void testAllowed_butNotACloudRegistry_refused() throws Exception {
        config.setAllowAgentIdentity(true);
        StandInRun run = StandInJob.create("app").newRun();
        assertThatThrownBy(() -> resolve(run, "reg.example.com/app:1"))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("reg.example.com is none of them");
    }

    /** With Authorize Project, a build runs as its user: that user must be allowed to use the job's credentials. */
    @Test
    void testRunAsUserWithoutUseItem_refused_withConfigure_allowed() throws Exception {
        config.setAllowAgentIdentity(true);
        StandInJob job = StandInJob.create("app").runAs(StandIn.user("bob"));
        StandInRun run = job.newRun();

        StandIn.grantOnly(Item.READ, Item.BUILD);
        assertThatThrownBy(() -> resolve(run, ECR))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("builds of app run as 'bob'")
                .hasMessageContaining("Credentials/UseItem");

        StandIn.grantOnly(Item.CONFIGURE); // implies USE_ITEM
        assertThat(resolve(run, ECR).cloud().isAgentIdentity()).isTrue();
    }

    /** Without Authorize Project builds run as SYSTEM, which may use every credential: the switch alone decides. */
    @Test
    void testSystemBuild_allowedOnceSwitchedOn() throws Exception {
        StandIn.grantOnly(Item.READ);
        StandInRun run = StandInJob.create("app").newRun();
        assertThatThrownBy(() -> resolve(run, ECR)).isInstanceOf(AbortException.class);
        config.setAllowAgentIdentity(true);
        assertThat(resolve(run, ECR).cloud().isAgentIdentity()).isTrue();
    }
}
