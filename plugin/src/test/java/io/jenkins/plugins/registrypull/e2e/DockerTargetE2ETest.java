package io.jenkins.plugins.registrypull.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrypull.ImageToPull;
import io.jenkins.plugins.registrypull.PulledImage;
import io.jenkins.plugins.registrypull.PulledImagesAction;
import io.jenkins.plugins.registrypull.RegistryPullBuildWrapper;
import io.jenkins.plugins.registrypull.RegistryPullStep;
import io.jenkins.plugins.registrypull.testing.CapturingListener;
import io.jenkins.plugins.registrypull.testing.SerializingChannel;
import io.jenkins.plugins.registrypull.testing.TestCredentials;
import io.jenkins.plugins.registrypull.testing.TestStepContext;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInJob;
import io.jenkins.registrypull.standin.StandInRun;
import io.jenkins.registrypull.testkit.DockerDaemon;
import io.jenkins.registrypull.testkit.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jenkins.tasks.SimpleBuildWrapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step and the wrapper loading into a real dockerd (20.10, private socket) from the real registry with token
 * auth over TLS: the build's PATH finds the docker CLI and its DOCKER_HOST names the daemon, as on an agent.
 * {@code docker image inspect} then shows the image under the pulled tag with id = the config digest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerTargetE2ETest {
    /** The directory of Debian's docker 20.10 client (the first docker on this machine's PATH is a newer client). */
    private static final String DOCKER_BIN = Path.of(DockerDaemon.CLIENT).getParent().toString();

    private TokenRegistryFixture fixture;
    private DockerDaemon docker;

    @TempDir
    Path tmp;
    private Path workspace;
    private SerializingChannel channel;
    private CapturingListener listener;
    private StandInRun run;

    @BeforeAll
    void start() {
        fixture = new TokenRegistryFixture();
        docker = DockerDaemon.start();
    }

    @AfterAll
    void stop() {
        docker.close();
        fixture.close();
        System.clearProperty(RegistryPullStepE2ETest.STORE_PROPERTY);
    }

    @BeforeEach
    void startJenkins() throws Exception {
        StandIn.reset();
        StandIn.startJenkins(Files.createDirectories(tmp.resolve("jenkins")).toFile());
        TestCredentials.registerDescriptors();
        TestCredentials.usernamePassword("reg", fixture.alice.username(), fixture.alice.password());
        TestCredentials.secretText("reg-ca", fixture.caPem());
        System.setProperty(RegistryPullStepE2ETest.STORE_PROPERTY, tmp.resolve("agent-store").toString());
        workspace = Files.createDirectories(tmp.resolve("workspace"));
        channel = new SerializingChannel();
        listener = new CapturingListener();
        run = StandInJob.create("docker").newRun();
    }

    @AfterEach
    void stopJenkins() {
        StandIn.reset();
    }

    /** The build's environment on an agent with docker: its PATH has the CLI, DOCKER_HOST names the daemon. */
    private EnvVars dockerAgent() {
        return new EnvVars("PATH", DOCKER_BIN + ":/bin", "DOCKER_HOST", docker.host());
    }

    private RegistryPullStep step(String repositoryAndTag, String target) {
        RegistryPullStep step = new RegistryPullStep(fixture.image(repositoryAndTag));
        step.setCredentialsId("reg");
        step.setCaCertificateId("reg-ca");
        step.setTarget(target);
        return step;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> run(RegistryPullStep step, EnvVars environment) throws Throwable {
        TestStepContext context = new TestStepContext()
                .with(Run.class, run)
                .with(FilePath.class, new FilePath(channel, workspace.toString()))
                .with(Launcher.class, new Launcher.LocalLauncher(listener))
                .with(TaskListener.class, listener)
                .with(EnvVars.class, environment);
        step.start(context).start();
        return (Map<String, Object>) context.await();
    }

    @Test
    void testStep_targetDocker_loadsUnderTheTag_imageIdIsTheConfigDigest() throws Throwable {
        Map<String, Object> result = run(step("team/db:2", "docker"), dockerAgent());

        String config = fixture.db.config().digest();
        assertThat(result).containsEntry("target", "docker").containsEntry("imageId", config).containsEntry("configDigest", config)
                .containsEntry("digest", fixture.db.manifestDigest()).doesNotContainKey("path");
        assertThat(docker.inspect(fixture.image("team/db:2"), "{{.Id}}")).isEqualTo(config);
        assertThat(docker.inspect(config, "{{json .RepoTags}}")).contains("\"" + fixture.image("team/db:2") + "\"");
        assertThat(listener.text()).contains("into docker, with user '" + fixture.alice.username() + "'")
                .doesNotContain(fixture.alice.password());
        assertThat(workspace.resolve("registry-pull")).doesNotExist();
    }

    @Test
    void testStep_noTarget_dockerOnTheBuildPath_isDocker_multiPlatformPicksTheAgentsPlatform() throws Throwable {
        Map<String, Object> result = run(step("team/app:1.0", null), dockerAgent());

        String config = fixture.app.image(Platform.LINUX_AMD64).config().digest();
        assertThat(result).containsEntry("target", "docker").containsEntry("imageId", config)
                .containsEntry("digest", fixture.app.digest());
        assertThat(docker.inspect(fixture.image("team/app:1.0"), "{{.Id}}")).isEqualTo(config);
        assertThat(docker.inspect(fixture.image("team/app:1.0"), "{{.Architecture}}")).isEqualTo("amd64");
    }

    @Test
    void testStep_noTarget_noDockerOnTheBuildPath_isOci() throws Throwable {
        Path emptyBin = Files.createDirectories(tmp.resolve("empty-bin"));
        Map<String, Object> result = run(step("team/db:2", null), new EnvVars("PATH", emptyBin.toString()));
        assertThat(result).containsEntry("target", "oci").containsEntry("path", "registry-pull/oci/team/db");
        assertThat(TokenRegistryFixture.assertLayoutBlobsVerify(workspace.resolve("registry-pull/oci/team/db"))).isEqualTo(4);
    }

    @Test
    void testStep_dockerArchive_inTheWorkspace_loadsIntoDockerLater() throws Throwable {
        Map<String, Object> result = run(step("team/app:1.0", "docker-archive"), dockerAgent());

        assertThat(result).containsEntry("target", "docker-archive")
                .containsEntry("path", "registry-pull/docker-archive/team/app/1.0.tar");
        Path archive = workspace.resolve("registry-pull/docker-archive/team/app/1.0.tar");
        assertThat(archive).isRegularFile();
        docker.docker("rmi", "-f", fixture.image("team/app:1.0"));
        assertThat(docker.docker("load", "-i", archive.toString()).requireSuccess().stdout())
                .contains("Loaded image: " + fixture.image("team/app:1.0"));
        assertThat(docker.inspect(fixture.image("team/app:1.0"), "{{.Id}}")).isEqualTo(result.get("configDigest"));
    }

    @Test
    void testStep_dockerPathGiven_refusedBeforeAnyNetworkCall() {
        RegistryPullStep step = step("team/db:2", "docker");
        step.setPath("images/db");
        assertThatThrownBy(() -> run(step, dockerAgent())).isInstanceOf(AbortException.class)
                .hasMessageContaining("path: only the oci and docker-archive targets write to the workspace");
        assertThat(channel.sent()).isEmpty();
    }

    @Test
    void testStep_daemonUnreachable_failsSayingWhatToCheck() {
        EnvVars nowhere = new EnvVars("PATH", DOCKER_BIN + ":/bin", "DOCKER_HOST", "unix://" + tmp.resolve("no-such.sock"));
        assertThatThrownBy(() -> run(step("team/db:2", "docker"), nowhere)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("Could not pull " + fixture.image("team/db:2") + ": docker load of")
                .hasMessageContaining("Check that the docker daemon at unix://" + tmp.resolve("no-such.sock"))
                .hasMessageNotContaining(fixture.alice.password());
    }

    @Test
    void testWrapper_loadsEveryImageIntoDocker_andSetsTheVariables() throws Exception {
        ImageToPull app = new ImageToPull(fixture.image("team/app:1.0"));
        app.setCredentialsId("reg");
        app.setCaCertificateId("reg-ca");
        app.setPlatform("linux/arm64");
        ImageToPull db = new ImageToPull(fixture.image("team/db:2"));
        db.setCredentialsId("reg");
        db.setCaCertificateId("reg-ca");
        db.setTarget("docker");
        RegistryPullBuildWrapper wrapper = new RegistryPullBuildWrapper(List.of(app, db));
        SimpleBuildWrapper.Context context = wrapper.createContext();
        wrapper.setUp(context, run, new FilePath(channel, workspace.toString()), new Launcher.LocalLauncher(listener), listener,
                dockerAgent());

        assertThat(context.getEnv()).containsEntry("REGISTRY_PULL_DIGEST", fixture.app.digest())
                .containsEntry("REGISTRY_PULL_DIGEST_2", fixture.db.manifestDigest())
                .containsEntry("REGISTRY_PULL_IMAGE_2", fixture.registry.hostPort() + "/team/db@" + fixture.db.manifestDigest())
                .doesNotContainKeys("REGISTRY_PULL_PATH_1", "REGISTRY_PULL_PATH_2");
        assertThat(docker.inspect(fixture.image("team/app:1.0"), "{{.Id}}"))
                .isEqualTo(fixture.app.image(Platform.LINUX_ARM64_V8).config().digest());
        assertThat(docker.inspect(fixture.image("team/app:1.0"), "{{.Architecture}}")).isEqualTo("arm64");
        assertThat(docker.inspect(fixture.image("team/db:2"), "{{.Id}}")).isEqualTo(fixture.db.config().digest());
        assertThat(run.getAction(PulledImagesAction.class).getImages()).extracting(PulledImage::getImageId)
                .containsExactly(fixture.app.image(Platform.LINUX_ARM64_V8).config().digest(), fixture.db.config().digest());
    }
}
