package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrypull.testing.BodyStepContext;
import io.jenkins.plugins.registrypull.testing.CapturingListener;
import io.jenkins.plugins.registrypull.testing.SerializingChannel;
import io.jenkins.plugins.registrypull.testing.TestCredentials;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInJob;
import io.jenkins.registrypull.standin.StandInRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jenkins.tasks.SimpleBuildWrapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows agents (issue 12): withRegistryAuth and the wrapper's registryCredentials fail before anything starts,
 * saying to use registryPull; the path rules Windows adds to the oci / docker-archive outputs, as strings.
 */
class WindowsAgentTest {
    private static final String PASSWORD = "w1nd0ws-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path tmp;
    private final CapturingListener listener = new CapturingListener();
    private StandInRun run;
    private SerializingChannel channel;
    private FilePath workspace;

    @BeforeEach
    void startJenkins() throws Exception {
        StandIn.reset();
        StandIn.startJenkins(Files.createDirectories(tmp.resolve("jenkins")).toFile());
        TestCredentials.registerDescriptors();
        TestCredentials.usernamePassword("reg", "alice", PASSWORD);
        run = StandInJob.create("windows").newRun();
        channel = new SerializingChannel();
        workspace = new FilePath(channel, Files.createDirectories(tmp.resolve("workspace")).toString());
    }

    @AfterEach
    void stopJenkins() {
        StandIn.reset();
    }

    private Launcher windows() {
        return new Launcher.RemoteLauncher(listener, channel, false);
    }

    @Test
    void testWithRegistryAuth_windowsAgent_failsBeforeAnythingStarts() throws Exception {
        WithRegistryAuthStep step = new WithRegistryAuthStep();
        step.setRegistry("reg.example.com");
        step.setCredentialsId("reg");
        BodyStepContext context = new BodyStepContext().with(Run.class, run).with(FilePath.class, workspace)
                .with(TaskListener.class, listener).with(Launcher.class, windows());
        step.start(context).start();
        assertThatThrownBy(context::await).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("withRegistryAuth needs a Linux or macOS agent")
                .hasMessageContaining("No registry credentials were served")
                .hasMessageContaining("registryPull").hasMessageNotContaining(PASSWORD);
        assertThat(channel.sent()).isEmpty(); // nothing went to the agent: no server, no helper
        assertThat(listener.text()).doesNotContain("are served");
    }

    @Test
    void testWithRegistryAuth_noLauncher_windowsWorkspacePath_refused() throws Exception {
        WithRegistryAuthStep step = new WithRegistryAuthStep();
        step.setRegistry("reg.example.com");
        step.setCredentialsId("reg");
        BodyStepContext context = new BodyStepContext().with(Run.class, run)
                .with(FilePath.class, new FilePath(channel, "C:\\jenkins\\workspace\\app"))
                .with(TaskListener.class, listener);
        step.start(context).start();
        assertThatThrownBy(context::await).hasMessageStartingWith("withRegistryAuth needs a Linux or macOS agent");
        assertThat(channel.sent()).isEmpty();
    }

    @Test
    void testWrapper_registryCredentialsOnWindows_failsBeforeAnyPull() {
        ImageToPull image = new ImageToPull("reg.example.com/team/app:1");
        image.setCredentialsId("reg");
        image.setTarget("oci");
        RegistryPullBuildWrapper wrapper = new RegistryPullBuildWrapper(List.of(image));
        wrapper.setRegistryCredentials(List.of(new RegistryCredential("reg.example.com", "reg")));
        SimpleBuildWrapper.Context context = wrapper.createContext();
        assertThatThrownBy(() -> wrapper.setUp(context, run, workspace, windows(), listener, new EnvVars()))
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("registryCredentials needs a Linux or macOS agent");
        assertThat(channel.sent()).isEmpty();
        assertThat(context.getEnv()).isEmpty();
    }

    @Test
    void testUnixLauncher_notRefused() throws Exception {
        WindowsAgents.refuseRegistryAuth(new Launcher.RemoteLauncher(listener, channel, true),
                new FilePath(channel, "C:\\odd\\but\\unix"), "withRegistryAuth");
    }

    @Test
    void testIsWindowsPath() {
        assertThat(WindowsAgents.isWindowsPath("C:\\jenkins\\workspace\\job")).isTrue();
        assertThat(WindowsAgents.isWindowsPath("d:/agent/ws")).isTrue();
        assertThat(WindowsAgents.isWindowsPath("\\\\server\\share\\ws")).isTrue();
        assertThat(WindowsAgents.isWindowsPath("/home/jenkins/workspace/job")).isFalse();
        assertThat(WindowsAgents.isWindowsPath("relative\\dir")).isFalse();
    }

    @Test
    void testWindowsNameProblem_userPaths() {
        assertThat(WorkspacePaths.windowsNameProblem("images/app")).isNull();
        assertThat(WorkspacePaths.windowsNameProblem("registry-pull/docker-archive/team/app/1.2.tar")).isNull();
        assertThat(WorkspacePaths.windowsNameProblem("images/app:1")).isEqualTo(new WorkspacePaths.NameProblem(
                "app:1", "has the character ':', which Windows does not allow in names"));
        assertThat(WorkspacePaths.windowsNameProblem("out/NUL").segment()).isEqualTo("NUL");
        assertThat(WorkspacePaths.windowsNameProblem("out/con.tar").reason()).contains("device name");
        assertThat(WorkspacePaths.windowsNameProblem("out/lpt1/x").segment()).isEqualTo("lpt1");
        assertThat(WorkspacePaths.windowsNameProblem("out/app./x").reason()).contains("dot or a space");
        assertThat(WorkspacePaths.windowsNameProblem("a/b?c").segment()).isEqualTo("b?c");
        assertThat(WorkspacePaths.windowsNameProblem("a/con-tar/console")).isNull();
    }

    @Test
    void testNormalize_backslashesAndDrives_asOnAWindowsController() throws Exception {
        assertThat(WorkspacePaths.normalize("images\\app\\..\\db")).isEqualTo("images/db");
        assertThatThrownBy(() -> WorkspacePaths.normalize("C:\\images")).hasMessageContaining("is absolute");
        assertThatThrownBy(() -> WorkspacePaths.normalize("c:images")).hasMessageContaining("is absolute");
        assertThatThrownBy(() -> WorkspacePaths.normalize("\\\\server\\share")).hasMessageContaining("is absolute");
        assertThatThrownBy(() -> WorkspacePaths.normalize("images\\..\\..\\x")).hasMessageContaining("leaves the workspace");
    }
}
