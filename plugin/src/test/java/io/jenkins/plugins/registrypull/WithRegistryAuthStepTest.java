package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.Channel;
import io.jenkins.plugins.registrypull.agent.CredentialHelperHandle;
import io.jenkins.plugins.registrypull.testing.BodyStepContext;
import io.jenkins.plugins.registrypull.testing.CapturingListener;
import io.jenkins.plugins.registrypull.testing.SerializingChannel;
import io.jenkins.plugins.registrypull.testing.TestCredentials;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInBuild;
import io.jenkins.registrypull.standin.StandInJob;
import io.jenkins.registrypull.standin.StandInProject;
import io.jenkins.registrypull.standin.StandInRun;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jenkins.tasks.SimpleBuildWrapper;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * withRegistryAuth and the wrapper's registryCredentials over the stand-ins, with the agent side for real (the
 * credential server runs in this JVM, the helper script as docker would run it): validation before anything starts,
 * the block's environment, the helper answering inside the block, and the server gone after the body ends in every
 * way (success, failure, abort, the agent channel closing).
 */
class WithRegistryAuthStepTest {
    private static final String PASSWORD = "s3cr\"et/+%:" + Long.toHexString(System.nanoTime());
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private Path workspace;
    private CapturingListener listener;
    private StandInRun run;

    @BeforeEach
    void startJenkins() throws Exception {
        StandIn.reset();
        StandIn.startJenkins(Files.createDirectories(tmp.resolve("jenkins")).toFile());
        TestCredentials.registerDescriptors();
        TestCredentials.usernamePassword("reg", "alice", PASSWORD);
        TestCredentials.secretText("gh", "ghp_" + PASSWORD);
        TestCredentials.sshKey("ssh");
        workspace = Files.createDirectories(tmp.resolve("workspace"));
        listener = new CapturingListener();
        run = StandInJob.create("auth").newRun();
    }

    @AfterEach
    void stopJenkins() {
        StandIn.reset();
    }

    private BodyStepContext context(FilePath ws) {
        return new BodyStepContext().with(Run.class, run).with(FilePath.class, ws).with(TaskListener.class, listener);
    }

    private static WithRegistryAuthStep step(String registry, String credentialsId) {
        WithRegistryAuthStep step = new WithRegistryAuthStep();
        step.setRegistry(registry);
        step.setCredentialsId(credentialsId);
        return step;
    }

    private static JsonNode get(EnvVars env, String serverUrl) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("docker-credential-registrypull", "get");
        pb.environment().put("PATH", env.get("PATH"));
        Path helper = Path.of(env.get("PATH").split(":")[0], "docker-credential-registrypull");
        pb.command(helper.toString(), "get");
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return JSON.readTree(out);
    }

    @Test
    void testDescriptor_blockStepWithSymbol() {
        WithRegistryAuthStep.DescriptorImpl d = new WithRegistryAuthStep.DescriptorImpl();
        assertThat(d.getFunctionName()).isEqualTo("withRegistryAuth");
        assertThat(d.takesImplicitBlockArgument()).isTrue();
        assertThat(new java.util.HashSet<Object>(d.getRequiredContext())).contains(Run.class, FilePath.class, TaskListener.class);
        assertThat(WithRegistryAuthStep.DescriptorImpl.class.getAnnotation(Symbol.class).value())
                .containsExactly("withRegistryAuth");
        assertThat(RegistryCredential.DescriptorImpl.class.getAnnotation(Symbol.class).value())
                .containsExactly("registryCredential");
        assertThat(d.argumentsToString(Map.of("registry", "reg.example.com", "credentialsId", "reg")))
                .isEqualTo("reg.example.com");
    }

    @Test
    void testBody_environmentPointsAtTheHelper_noSecret_helperAnswers_thenGone() throws Throwable {
        BodyStepContext context = context(new FilePath(new SerializingChannel(), workspace.toString()));
        StepExecution execution = step("reg.example.com:5000", "reg").start(context);
        execution.start();
        BodyStepContext.Body body = context.awaitBody();

        EnvVars env = body.environment(Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/agent"));
        CredentialHelperHandle handle = ((WithRegistryAuthStepExecution) execution).getHandle();
        assertThat(env).containsEntry("DOCKER_CONFIG", handle.getDirectory())
                .containsEntry("REGISTRY_AUTH_FILE", handle.getAuthFile())
                .containsEntry("PATH", handle.getBinDirectory() + ":/usr/bin:/bin")
                .containsEntry("HOME", "/home/agent").hasSize(4);
        assertThat(env.toString()).doesNotContain(PASSWORD).doesNotContain("alice");
        JsonNode answer = get(env, "reg.example.com:5000");
        assertThat(answer.get("Username").asText()).isEqualTo("alice");
        assertThat(answer.get("Secret").asText()).isEqualTo(PASSWORD);
        assertThat(Files.readString(Path.of(handle.getAuthFile()))).contains("\"reg.example.com:5000\" : \"registrypull\"")
                .doesNotContain(PASSWORD);
        // the block's files are under the workspace's temp dir, which every container of a pod sees
        assertThat(Path.of(handle.getDirectory()).getParent()).isEqualTo(Path.of(workspace + "@tmp"));
        // the execution (persisted with the build) holds no registry secret
        assertThat(new String(SerializingChannel.serialize(execution), StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD);

        body.succeed("body value");

        assertThat(context.await()).isEqualTo("body value");
        assertThat(Path.of(handle.getDirectory())).doesNotExist();
        assertThat(listener.text()).contains("Registry credentials for reg.example.com:5000 (user 'alice' from credentials 'reg')")
                .contains("are no longer served").doesNotContain(PASSWORD);
    }

    /** The build's DOCKER_CONFIG names the user's settings the block keeps; an unreadable one is said on the console. */
    @Test
    void testBody_buildsDockerConfig_mergedOrNoted() throws Throwable {
        Path userConfig = Files.createDirectories(tmp.resolve("user-docker"));
        Files.writeString(userConfig.resolve("config.json"), "{\"proxies\": {\"default\": {\"httpProxy\": \"http://p:3128\"}}}");
        BodyStepContext context = context(new FilePath(new SerializingChannel(), workspace.toString()))
                .with(EnvVars.class, new EnvVars(Map.of("DOCKER_CONFIG", userConfig.toString(), "HOME", "/nowhere")));
        StepExecution execution = step("reg.example.com", "reg").start(context);
        execution.start();
        BodyStepContext.Body body = context.awaitBody();
        CredentialHelperHandle handle = ((WithRegistryAuthStepExecution) execution).getHandle();
        assertThat(Files.readString(Path.of(handle.getDirectory(), "config.json"))).contains("http://p:3128");
        body.succeed(null);
        context.await();

        Files.writeString(userConfig.resolve("config.json"), "{ not json");
        BodyStepContext broken = context(new FilePath(new SerializingChannel(), workspace.toString()))
                .with(EnvVars.class, new EnvVars(Map.of("DOCKER_CONFIG", userConfig.toString())));
        StepExecution second = step("reg.example.com", "reg").start(broken);
        second.start();
        BodyStepContext.Body secondBody = broken.awaitBody();
        assertThat(listener.text()).contains("could not be read as JSON and was not used inside the block");
        secondBody.succeed(null);
        broken.await();
    }

    @Test
    void testBody_aborted_serverStoppedAndStepFailsWithTheAbort() throws Throwable {
        BodyStepContext context = context(new FilePath(new SerializingChannel(), workspace.toString()));
        StepExecution execution = step("reg.example.com", "reg").start(context);
        execution.start();
        BodyStepContext.Body body = context.awaitBody();
        CredentialHelperHandle handle = ((WithRegistryAuthStepExecution) execution).getHandle();
        assertThat(Path.of(handle.getDirectory(), "key")).exists();

        FlowInterruptedException abort = new FlowInterruptedException(Result.ABORTED, true);
        body.fail(abort);

        assertThatThrownBy(context::await).isSameAs(abort);
        assertThat(Path.of(handle.getDirectory())).doesNotExist();
    }

    @Test
    void testBody_failed_serverStopped() throws Throwable {
        BodyStepContext context = context(new FilePath(new SerializingChannel(), workspace.toString()));
        StepExecution execution = step("reg.example.com", "reg").start(context);
        execution.start();
        BodyStepContext.Body body = context.awaitBody();
        CredentialHelperHandle handle = ((WithRegistryAuthStepExecution) execution).getHandle();

        body.fail(new AbortException("script returned exit code 1"));

        assertThatThrownBy(context::await).hasMessage("script returned exit code 1");
        assertThat(Path.of(handle.getDirectory())).doesNotExist();
    }

    @Test
    void testAgentChannelCloses_serverStopsItself_cleanupStillCompletes() throws Throwable {
        Channel channel = new Channel("agent", null, null, null);
        BodyStepContext context = context(new FilePath(channel, workspace.toString()));
        StepExecution execution = step("reg.example.com", "reg").start(context);
        execution.start();
        BodyStepContext.Body body = context.awaitBody();
        CredentialHelperHandle handle = ((WithRegistryAuthStepExecution) execution).getHandle();
        Path helper = Path.of(handle.getBinDirectory(), "docker-credential-registrypull");
        Path copy = Files.copy(helper, tmp.resolve("helper-copy"));

        channel.close();

        assertThat(Path.of(handle.getDirectory())).doesNotExist();
        Process p = new ProcessBuilder(copy.toString(), "get").start();
        p.getOutputStream().write("reg.example.com".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out).contains("only available inside the withRegistryAuth block");
        body.succeed(null);
        assertThat(context.await()).isNull();
        assertThat(listener.text()).contains("the agent is no longer connected");
    }

    @Test
    void testSeveralRegistries_dockerHubAndSecretText() throws Throwable {
        WithRegistryAuthStep step = step("https://index.docker.io/v1/", "reg");
        step.setRegistries(List.of(new RegistryCredential("ghcr.io", "gh")));
        BodyStepContext context = context(new FilePath(new SerializingChannel(), workspace.toString()));
        step.start(context).start();
        BodyStepContext.Body body = context.awaitBody();
        EnvVars env = body.environment(Map.of("PATH", "/bin"));

        assertThat(get(env, "https://index.docker.io/v1/").get("Username").asText()).isEqualTo("alice");
        JsonNode gh = get(env, "ghcr.io");
        assertThat(gh.get("Username").asText()).isEqualTo("token");
        assertThat(gh.get("Secret").asText()).isEqualTo("ghp_" + PASSWORD);
        body.succeed(null);
        context.await();
    }

    @Test
    void testInvalidInput_failsBeforeAnythingRuns() throws Throwable {
        assertFails(new WithRegistryAuthStep(), "No registry given");
        assertFails(step("reg.example.com/team/app", "reg"), "registry: 'reg.example.com/team/app' names a repository path");
        assertFails(step("reg.example.com", null), "credentialsId: credentials are required");
        assertFails(step("reg.example.com", "nope"), "cannot find credentials 'nope' for registry reg.example.com");
        assertFails(step("reg.example.com", "ssh"), "are of type SSH Username with private key");
        assertFails(step("docker.io", "gh"), "Secret text");
        WithRegistryAuthStep twice = step("docker.io", "reg");
        twice.setRegistries(List.of(new RegistryCredential("index.docker.io", "reg")));
        assertFails(twice, "registry docker.io is listed twice");
        WithRegistryAuthStep listed = new WithRegistryAuthStep();
        listed.setRegistries(List.of(new RegistryCredential("a.example.com", "reg"), new RegistryCredential("b c", "reg")));
        assertFails(listed, "registries[2].registry: 'b c' is not a registry host");
        try (var dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            // nothing was started for any of them (no server dir owned by these runs is left either)
            assertThat(listener.text()).doesNotContain("are served");
        }
    }

    private void assertFails(WithRegistryAuthStep step, String message) throws Exception {
        BodyStepContext context = context(new FilePath(new SerializingChannel(), workspace.toString()));
        step.start(context).start();
        assertThatThrownBy(context::await).isInstanceOf(AbortException.class).hasMessageContaining(message)
                .hasMessageContaining("No registry credentials were served").hasMessageNotContaining(PASSWORD);
    }

    @Test
    void testWrapper_registryCredentials_envAndDisposer() throws Exception {
        RegistryPullBuildWrapper wrapper = new RegistryPullBuildWrapper(List.of());
        wrapper.setRegistryCredentials(List.of(new RegistryCredential("reg.example.com", "reg")));
        SimpleBuildWrapper.Context context = wrapper.createContext();

        wrapper.setUp(context, run, new FilePath(new SerializingChannel(), workspace.toString()), null, listener,
                new EnvVars());

        Map<String, String> vars = context.getEnv();
        assertThat(vars.keySet()).containsExactlyInAnyOrder("DOCKER_CONFIG", "REGISTRY_AUTH_FILE", "PATH+REGISTRYPULL");
        assertThat(Path.of(vars.get("DOCKER_CONFIG")).getParent()).as("pod containers see the workspace's temp dir")
                .isEqualTo(Path.of(workspace + "@tmp"));
        EnvVars env = new EnvVars("PATH", "/usr/bin");
        env.overrideAll(vars);
        assertThat(get(env, "reg.example.com").get("Secret").asText()).isEqualTo(PASSWORD);
        SimpleBuildWrapper.Disposer disposer = context.getDisposer();
        assertThat(new String(SerializingChannel.serialize(disposer), StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD);

        disposer.tearDown(run, new FilePath(new SerializingChannel(), workspace.toString()), null, listener);

        assertThat(Path.of(vars.get("DOCKER_CONFIG"))).doesNotExist();
    }

    /**
     * The wrapper in a freestyle build, driven as Jenkins drives it: the final setUp(AbstractBuild, Launcher,
     * BuildListener), its environment wrapper (variables seen by the build steps) and the disposer's tearDown.
     */
    @Test
    void testWrapper_inAFreestyleBuild_servesDuringTheStepsAndStopsAfter() throws Exception {
        RegistryPullBuildWrapper wrapper = new RegistryPullBuildWrapper(List.of());
        wrapper.setRegistryCredentials(List.of(new RegistryCredential("reg.example.com", "reg")));
        StandInBuild build = StandInProject.create("freestyle").newBuild(new FilePath(new SerializingChannel(), workspace.toString()));
        Map<String, String> seen = new java.util.HashMap<>();

        Result result = build.run(List.of(wrapper), new Launcher.LocalLauncher(listener), listener::getLogger, env -> {
            seen.putAll(env);
            assertThat(Path.of(env.get("DOCKER_CONFIG"))).isDirectory();
            assertThat(get(env, "reg.example.com").get("Secret").asText()).isEqualTo(PASSWORD);
        });

        assertThat(result).isEqualTo(Result.SUCCESS);
        assertThat(seen).containsKeys("DOCKER_CONFIG", "REGISTRY_AUTH_FILE");
        assertThat(seen.get("PATH")).as("PATH+REGISTRYPULL prepends the helper's directory").contains(":");
        assertThat(Path.of(seen.get("DOCKER_CONFIG"))).as("torn down after the build").doesNotExist();
    }
}
