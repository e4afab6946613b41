package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrypull.credentials.AgentIdentityConfiguration;
import io.jenkins.plugins.registrypull.testing.BodyStepContext;
import io.jenkins.plugins.registrypull.testing.CapturingListener;
import io.jenkins.plugins.registrypull.testing.SerializingChannel;
import io.jenkins.plugins.registrypull.testing.TestCredentials;
import io.jenkins.plugins.registrypull.testing.TestStepContext;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInJob;
import io.jenkins.registrypull.standin.StandInRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code credentialsId: 'agent-identity'} through the steps: without the administrator's switch, or for a build whose
 * user may not use the job's credentials, {@code registryPull} and {@code withRegistryAuth} fail on the controller
 * with a message naming what is missing, and nothing reaches the agent.
 */
class AgentIdentityStepsTest {
    private static final String ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

    @TempDir
    Path tmp;
    private Path workspace;
    private SerializingChannel channel;
    private CapturingListener listener;
    private AgentIdentityConfiguration config;

    @BeforeEach
    void start() throws Exception {
        StandIn.reset();
        StandIn.startJenkins(Files.createDirectories(tmp.resolve("jenkins")).toFile());
        TestCredentials.registerDescriptors();
        config = StandIn.register(AgentIdentityConfiguration.class, new AgentIdentityConfiguration());
        workspace = Files.createDirectories(tmp.resolve("workspace"));
        channel = new SerializingChannel();
        listener = new CapturingListener();
    }

    @AfterEach
    void stop() {
        StandIn.reset();
    }

    private Throwable pull(StandInRun run) throws Exception {
        RegistryPullStep step = new RegistryPullStep(ECR + "/team/app:1");
        step.setCredentialsId("agent-identity");
        step.setTarget("oci");
        TestStepContext context = new TestStepContext().with(Run.class, run)
                .with(FilePath.class, new FilePath(channel, workspace.toString()))
                .with(Launcher.class, new Launcher.LocalLauncher(listener)).with(TaskListener.class, listener)
                .with(EnvVars.class, new EnvVars("PATH", System.getenv("PATH")));
        step.start(context).start();
        return org.assertj.core.api.Assertions.catchThrowable(context::await);
    }

    private Throwable auth(StandInRun run) throws Exception {
        WithRegistryAuthStep step = new WithRegistryAuthStep();
        step.setRegistry(ECR);
        step.setCredentialsId("agent-identity");
        BodyStepContext context = new BodyStepContext().with(Run.class, run)
                .with(FilePath.class, new FilePath(channel, workspace.toString())).with(TaskListener.class, listener);
        step.start(context).start();
        return org.assertj.core.api.Assertions.catchThrowable(context::await);
    }

    @Test
    void testSwitchOff_bothStepsRefuse_beforeTheAgent() throws Exception {
        StandInRun run = StandInJob.create("app").newRun();
        assertThat(pull(run)).isInstanceOf(AbortException.class)
                .hasMessageContaining("Manage Jenkins, System, 'Registry logins with the agent's cloud identity'");
        assertThat(auth(run)).isInstanceOf(AbortException.class)
                .hasMessageContaining("Manage Jenkins, System, 'Registry logins with the agent's cloud identity'");
        assertThat(channel.sent()).as("nothing was sent to the agent").isEmpty();
    }

    @Test
    void testRunAsUserWithoutUseItem_bothStepsRefuse_beforeTheAgent() throws Exception {
        config.setAllowAgentIdentity(true);
        StandIn.grantOnly(Item.READ, Item.BUILD);
        StandInRun run = StandInJob.create("app").runAs(StandIn.user("bob")).newRun();
        assertThat(pull(run)).isInstanceOf(AbortException.class).hasMessageContaining("run as 'bob'");
        assertThat(auth(run)).isInstanceOf(AbortException.class).hasMessageContaining("run as 'bob'");
        assertThat(channel.sent()).isEmpty();
    }
}
