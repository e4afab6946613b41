package io.jenkins.plugins.registrypull.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.util.Secret;
import io.jenkins.plugins.registrypull.credentials.RegistryLogin;
import io.jenkins.plugins.registrypull.PulledImage;
import io.jenkins.plugins.registrypull.testing.shared.Consoles;
import io.jenkins.registrypull.verify.SignatureCheck;
import io.jenkins.registrypull.credhelper.HelperClient;
import io.jenkins.registrypull.standin.StandInAgent;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jenkins.security.MasterToSlaveCallable;
import org.junit.jupiter.api.Test;

/**
 * The agent side of the plugin through the stand-in agent (StandInAgent): classes and resources come from the
 * controller as a RemoteClassLoader serves them, and what comes back passes Jenkins' JEP-200 class filter.
 */
class AgentChannelTest {
    /** Returns an engine type: a bundled library's class, which Jenkins refuses from an agent. */
    static final class ReturnsAnEngineType extends MasterToSlaveCallable<Object, RuntimeException> {
        private static final long serialVersionUID = 1L;

        @Override
        public Object call() {
            return new SignatureCheck("SHA256:ab", "ECDSA", "P-256", "sha256:00", "f", "s");
        }
    }

    /** An agent whose plugin is this one; the test consoles stay shared. */
    private static StandInAgent agent() throws Exception {
        return new StandInAgent(List.of(PulledImage.class), Consoles.class.getPackageName() + ".");
    }

    @Test
    void credentialHelper_startsOnTheAgent_writesTheServedClientClass_andComesBackThroughTheFilter() throws Exception {
        StandInAgent agent = agent();
        RegistryLogin login = RegistryLogin.usernamePassword("bob", false, Secret.fromString("pw"), "test");

        Path parent = Files.createTempDirectory("agent-channel-ws@tmp");
        CredentialHelperHandle handle = agent.call(new StartCredentialHelper(Map.of("reg.example.com", login),
                parent.toString(), null));

        Path client = Path.of(handle.getDirectory(), "client", HelperClient.class.getName().replace('.', '/') + ".class");
        try (InputStream controllerCopy = HelperClient.class.getResourceAsStream("HelperClient.class")) {
            assertThat(Files.readAllBytes(client)).as("HelperClient.class, read on the agent as a served resource")
                    .isEqualTo(controllerCopy.readAllBytes());
        }
        agent.close();
        assertThat(Path.of(handle.getDirectory())).as("stopped when the channel closed").doesNotExist();
        Files.deleteIfExists(parent);
    }

    @Test
    void engineTypes_wouldBeRefusedComingBack() throws Exception {
        assertThatThrownBy(() -> agent().call(new ReturnsAnEngineType()))
                .isInstanceOf(InvalidClassException.class).hasMessageContaining(SignatureCheck.class.getName());
    }
}
