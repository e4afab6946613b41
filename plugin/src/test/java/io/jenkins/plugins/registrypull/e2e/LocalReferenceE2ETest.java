package io.jenkins.plugins.registrypull.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.LauncherDecorator;
import hudson.Proc;
import hudson.model.Node;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrypull.ImageToPull;
import io.jenkins.plugins.registrypull.RegistryPullBuildWrapper;
import io.jenkins.plugins.registrypull.RegistryPullStep;
import io.jenkins.plugins.registrypull.testing.CapturingListener;
import io.jenkins.plugins.registrypull.testing.SerializingChannel;
import io.jenkins.plugins.registrypull.testing.TestCredentials;
import io.jenkins.plugins.registrypull.testing.TestStepContext;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInJob;
import io.jenkins.registrypull.standin.StandInRun;
import io.jenkins.registrypull.testkit.CommandResult;
import io.jenkins.registrypull.testkit.DockerDaemon;
import io.jenkins.registrypull.testkit.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import jenkins.tasks.SimpleBuildWrapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the step returns and the wrapper exports is what docker runs, with the registry STOPPED (issue 12):
 * {@code local} by tag and by digest, {@code REGISTRY_PULL_LOCAL_<n>}, and the name the user gave (what
 * {@code docker.image('NAME').inside} and {@code agent { docker { image 'NAME' } }} inspect, then run). The pulls
 * run through a decorated launcher (a {@link LauncherDecorator} that routes every command into a wrapper script, as
 * a Kubernetes {@code container()} block routes it into another container), which must see every docker command
 * ({@code docker load}, {@code tag}, {@code image inspect}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalReferenceE2ETest {
    private TokenRegistryFixture fixture;
    private DockerDaemon docker;
    private Path tmp;
    private Path containerLog;
    private String host;
    private final List<Map<String, Object>> stepResults = new ArrayList<>();
    private Map<String, String> wrapperEnv;
    private Map<String, Object> ociResult;
    private Path ociLayout;
    private SerializingChannel channel;
    private final CapturingListener listener = new CapturingListener();

    @BeforeAll
    @SuppressWarnings("unchecked")
    void pullThroughADecoratedLauncherThenStopTheRegistry(@TempDir Path dir) throws Throwable {
        tmp = dir;
        fixture = new TokenRegistryFixture();
        docker = DockerDaemon.start();
        host = fixture.registry.hostPort();
        StandIn.reset();
        StandIn.startJenkins(Files.createDirectories(tmp.resolve("jenkins")).toFile());
        TestCredentials.registerDescriptors();
        TestCredentials.usernamePassword("reg", fixture.alice.username(), fixture.alice.password());
        TestCredentials.secretText("reg-ca", fixture.caPem());
        System.setProperty(RegistryPullStepE2ETest.STORE_PROPERTY, tmp.resolve("agent-store").toString());
        Path workspace = Files.createDirectories(tmp.resolve("workspace"));
        channel = new SerializingChannel();
        StandInRun run = StandInJob.create("local").newRun();
        // the build's PATH has no docker at all: only the launcher's "container" does
        EnvVars environment = new EnvVars("PATH", Files.createDirectories(tmp.resolve("empty-bin")).toString(),
                "DOCKER_HOST", docker.host());
        Launcher launcher = new IntoContainer(containerScript()).decorate(new Launcher.LocalLauncher(listener),
                Jenkins.get());

        for (String image : List.of(host + "/team/app:1.0", host + "/team/app@" + fixture.app.digest())) {
            RegistryPullStep step = new RegistryPullStep(image);
            step.setCredentialsId("reg");
            step.setCaCertificateId("reg-ca");
            step.setTarget("docker");
            step.setPlatform("linux/amd64");
            TestStepContext context = new TestStepContext().with(Run.class, run)
                    .with(FilePath.class, new FilePath(channel, workspace.toString())).with(Launcher.class, launcher)
                    .with(TaskListener.class, listener).with(EnvVars.class, environment);
            step.start(context).start();
            stepResults.add((Map<String, Object>) context.await());
        }
        RegistryPullStep oci = new RegistryPullStep(host + "/team/app@" + fixture.app.digest());
        oci.setCredentialsId("reg");
        oci.setCaCertificateId("reg-ca");
        oci.setTarget("oci");
        oci.setPlatform("linux/amd64");
        TestStepContext ociContext = new TestStepContext().with(Run.class, run)
                .with(FilePath.class, new FilePath(channel, workspace.toString())).with(Launcher.class, launcher)
                .with(TaskListener.class, listener).with(EnvVars.class, environment);
        oci.start(ociContext).start();
        ociResult = (Map<String, Object>) ociContext.await();
        ociLayout = workspace.resolve("registry-pull/oci/team/app");

        ImageToPull db = new ImageToPull(host + "/team/db:2");
        db.setCredentialsId("reg");
        db.setCaCertificateId("reg-ca");
        db.setTarget("docker");
        ImageToPull dbByDigest = new ImageToPull(host + "/team/db@" + fixture.db.manifestDigest());
        dbByDigest.setCredentialsId("reg");
        dbByDigest.setCaCertificateId("reg-ca");
        dbByDigest.setTarget("docker");
        RegistryPullBuildWrapper wrapper = new RegistryPullBuildWrapper(List.of(db, dbByDigest));
        SimpleBuildWrapper.Context context = wrapper.createContext();
        wrapper.setUp(context, run, new FilePath(channel, workspace.toString()), launcher, listener, environment);
        wrapperEnv = context.getEnv();

        fixture.close(); // the registry and its token server are gone from here on
    }

    @AfterAll
    void stop() {
        StandIn.reset();
        System.clearProperty(RegistryPullStepE2ETest.STORE_PROPERTY);
        if (docker != null) {
            docker.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /** The "other container": logs the command, then runs it with the 20.10 client on its own PATH. */
    private Path containerScript() throws IOException {
        containerLog = tmp.resolve("container.log");
        Path script = tmp.resolve("container.sh");
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + containerLog + "'\n"
                + "PATH=" + Path.of(DockerDaemon.CLIENT).getParent() + ":/bin; export PATH\nexec \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** A launcher decorator that runs every command inside {@code script} (core's DecoratedLauncher). */
    private static final class IntoContainer extends LauncherDecorator {
        private final Path script;

        IntoContainer(Path script) {
            this.script = script;
        }

        @Override
        public Launcher decorate(Launcher launcher, Node node) {
            return new Launcher.DecoratedLauncher(launcher) {
                @Override
                public Proc launch(ProcStarter starter) throws IOException {
                    List<String> wrapped = new ArrayList<>();
                    wrapped.add(script.toString());
                    wrapped.addAll(starter.cmds());
                    return super.launch(starter.cmds(wrapped));
                }
            };
        }
    }

    @Test
    void testStep_local_byTagAndByDigest_dockerCreatesItWithTheRegistryStopped() {
        String config = fixture.app.image(Platform.LINUX_AMD64).config().digest();
        assertThat(stepResults).extracting(r -> r.get("local")).containsExactly(host + "/team/app:1.0",
                host + "/team/app:digest-sha256-" + fixture.app.digest().substring("sha256:".length()));
        for (Map<String, Object> result : stepResults) {
            String local = (String) result.get("local");
            assertThat(docker.inspect(local, "{{.Id}}")).isEqualTo(config);
            CommandResult created = docker.docker("create", local, "/bin/true");
            assertThat(created.exitCode()).as(created.describe()).isZero();
            // pinned names the image in the registry: docker does not have it locally
            assertThat(docker.docker("image", "inspect", (String) result.get("pinned")).exitCode()).isNotZero();
        }
    }

    @Test
    void testWrapper_localVariables_dockerCreatesThemWithTheRegistryStopped() {
        assertThat(wrapperEnv).containsEntry("REGISTRY_PULL_LOCAL", host + "/team/db:2")
                .containsEntry("REGISTRY_PULL_LOCAL_1", host + "/team/db:2").containsEntry("REGISTRY_PULL_LOCAL_2",
                        host + "/team/db:digest-sha256-" + fixture.db.manifestDigest().substring("sha256:".length()));
        for (String variable : List.of("REGISTRY_PULL_LOCAL_1", "REGISTRY_PULL_LOCAL_2")) {
            CommandResult created = docker.docker("create", wrapperEnv.get(variable), "/bin/true");
            assertThat(created.exitCode()).as(created.describe()).isZero();
            assertThat(docker.inspect(wrapperEnv.get(variable), "{{.Id}}")).isEqualTo(fixture.db.config().digest());
        }
    }

    @Test
    void testStep_ociByDigest_localIsReadBySkopeoWithTheRegistryStopped() throws Exception {
        String local = "oci:" + ociLayout + ":digest-sha256-" + fixture.app.digest().substring("sha256:".length());
        assertThat(ociResult).containsEntry("local", local).containsEntry("path", "registry-pull/oci/team/app");
        Process skopeo = new ProcessBuilder("/usr/bin/skopeo", "inspect", "--format", "{{.Digest}}", local)
                .redirectErrorStream(true).start();
        skopeo.getOutputStream().close();
        String out = new String(skopeo.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(skopeo.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(skopeo.exitValue()).as(out).isZero();
        assertThat(out.strip()).isEqualTo(fixture.app.image(Platform.LINUX_AMD64).manifestDigest());
    }

    /** docker-workflow's inside() runs {@code docker inspect -f . NAME}, then {@code docker run ... NAME}. */
    @Test
    void testDockerPipeline_theNameTheUserGave_inspectAndCreateWithNoRegistryNoLogin() {
        for (String name : List.of(host + "/team/app:1.0", host + "/team/db:2")) {
            CommandResult inspected = docker.docker("inspect", "-f", ".", name);
            assertThat(inspected.exitCode()).as(inspected.describe()).isZero();
            assertThat(inspected.stdout().strip()).isEqualTo(".");
            CommandResult created = docker.docker("create", name, "/bin/true");
            assertThat(created.exitCode()).as(created.describe()).isZero();
        }
    }

    @Test
    void testDecoratedLauncher_loadTagAndInspectRanThroughIt_notOnTheAgentDirectly() throws IOException {
        List<String> ran = Files.readAllLines(containerLog);
        String prefix = "docker --host " + docker.host() + " ";
        assertThat(ran).allSatisfy(line -> assertThat(line).startsWith(prefix));
        // app:1.0 and db:2 are one image: loaded once, then only tagged (2 step pulls, 2 wrapper pulls)
        assertThat(ran).filteredOn(line -> line.endsWith(" load")).containsExactly(prefix + "load");
        assertThat(ran).filteredOn(line -> line.startsWith(prefix + "tag ")).hasSize(3);
        assertThat(ran).contains(prefix + "image inspect --format {{.Id}} " + host + "/team/app:1.0",
                prefix + "image inspect --format {{.Id}} " + host + "/team/db:2");
        // the agent called the controller's launcher through the channel, and closed the commands' stdin
        assertThat(channel.exportedCalls()).contains("CommandStarter.start", "StartedCommand.stdin",
                "StartedCommand.waitFor");
        assertThat(listener.text()).doesNotContain(fixture.alice.password());
    }
}
