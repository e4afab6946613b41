package io.jenkins.plugins.registrypull.agent;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.FilePath;
import hudson.Launcher;
import io.jenkins.plugins.registrypull.testing.CapturingListener;
import io.jenkins.plugins.registrypull.testing.SerializingChannel;
import org.junit.jupiter.api.Test;

/**
 * Which launchers the load goes through: core's plain LocalLauncher and RemoteLauncher start processes on the agent
 * itself, so the agent runs the engine directly and no image byte crosses the channel; any decorated launcher gets
 * the load, exported to the agent.
 */
class LauncherCommandsTest {
    private final CapturingListener listener = new CapturingListener();
    private final SerializingChannel channel = new SerializingChannel();
    private final FilePath workspace = new FilePath(channel, "/ws");

    @Test
    void testForAgent_plainLaunchers_null() {
        assertThat(LauncherCommands.forAgent(new Launcher.LocalLauncher(listener), workspace)).isNull();
        assertThat(LauncherCommands.forAgent(new Launcher.RemoteLauncher(listener, channel, true), workspace)).isNull();
        assertThat(LauncherCommands.forAgent(null, workspace)).isNull();
    }

    @Test
    void testForAgent_decoratedLauncher_exportedOverTheWorkspaceChannel() {
        Launcher decorated = new Launcher.DecoratedLauncher(new Launcher.RemoteLauncher(listener, channel, true));
        assertThat(LauncherCommands.forAgent(decorated, workspace)).isNotNull().isNotInstanceOf(LauncherCommands.class);
        assertThat(LauncherCommands.forAgent(decorated, new FilePath((hudson.remoting.VirtualChannel) null, "/ws")))
                .isInstanceOf(LauncherCommands.class);
    }
}
