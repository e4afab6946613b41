package io.jenkins.plugins.registrypull.agent;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.remoting.Channel;
import hudson.util.Secret;
import io.jenkins.plugins.registrypull.credentials.RegistryLogin;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent side of withRegistryAuth's server: the channel listener that stops it lives exactly as long as the block. */
class StartCredentialHelperTest {

    @Test
    void testStop_removesTheChannelListener_soALongLivedChannelDoesNotCollectOnePerBlock() throws Exception {
        Channel channel = new Channel("agent", null, null, null);
        CredentialHelperHandle handle = channel.call(start());
        assertThat(Path.of(handle.getDirectory(), "key")).exists();

        assertThat(channel.call(new StopCredentialHelper(handle))).isTrue();

        assertThat(Path.of(handle.getDirectory())).doesNotExist();
        assertThat(channel.removeListener(StartCredentialHelper.StopOnClose.key(handle.getDirectory())))
                .as("the block's listener was already removed by the stop").isFalse();
    }

    @Test
    void testChannelCloses_listenerStopsTheServer() throws Exception {
        Channel channel = new Channel("agent", null, null, null);
        CredentialHelperHandle handle = channel.call(start());
        assertThat(Path.of(handle.getDirectory())).exists();

        channel.close();

        assertThat(Path.of(handle.getDirectory())).doesNotExist();
    }

    @Test
    void testListenerKey_isEqualByDirectoryOnly() {
        assertThat(StartCredentialHelper.StopOnClose.key("/tmp/a")).isEqualTo(StartCredentialHelper.StopOnClose.key("/tmp/a"))
                .hasSameHashCodeAs(StartCredentialHelper.StopOnClose.key("/tmp/a"))
                .isNotEqualTo(StartCredentialHelper.StopOnClose.key("/tmp/b"));
    }

    /** A block under a fresh directory standing in for the workspace's temp dir. */
    private static StartCredentialHelper start() throws java.io.IOException {
        Path parent = java.nio.file.Files.createTempDirectory("start-helper-ws@tmp");
        return new StartCredentialHelper(Map.of("reg.example.com", login()), parent.toString(), null);
    }

    private static RegistryLogin login() {
        return RegistryLogin.usernamePassword("alice", false, Secret.fromString("s3cret-Pa55"), "test");
    }
}
