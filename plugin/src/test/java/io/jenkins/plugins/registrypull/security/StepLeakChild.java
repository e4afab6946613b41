package io.jenkins.plugins.registrypull.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrypull.PulledImagesAction;
import io.jenkins.plugins.registrypull.RegistryPullStep;
import io.jenkins.plugins.registrypull.testing.CapturingListener;
import io.jenkins.plugins.registrypull.testing.SerializingChannel;
import io.jenkins.plugins.registrypull.testing.TestCredentials;
import io.jenkins.plugins.registrypull.testing.TestStepContext;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInJob;
import io.jenkins.registrypull.standin.StandInRun;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The controller and agent of {@link StepLeakTest} in one child JVM with a home of its own: starts the stand-in
 * Jenkins, stores the credential, and runs a {@code registryPull} step execution whose pull crosses a serializing
 * agent channel into the engine, exactly as the end-to-end tests do. Its configuration, secrets included, comes as
 * JSON on stdin (never in arguments or the environment). It prints the build console to stdout, the step's failure
 * with its stack trace to stderr, and keeps what the controller would persist of the build (the step, its result,
 * the build action, every field as text, see {@link FieldDump}) under the Jenkins home, so the test scans all of it.
 */
public final class StepLeakChild {

    private StepLeakChild() {
    }

    public static void main(String[] args) throws Exception {
        JsonNode config = new ObjectMapper().readTree(System.in.readAllBytes());
        Path jenkinsHome = Files.createDirectories(Path.of(config.get("jenkinsHome").asText()));
        Path workspace = Files.createDirectories(Path.of(config.get("workspace").asText()));
        StandIn.startJenkins(jenkinsHome.toFile());
        TestCredentials.registerDescriptors();
        JsonNode credential = config.get("credential");
        if (credential.get("kind").asText().equals("secretText")) {
            TestCredentials.secretText("reg", credential.get("secret").asText());
        } else {
            TestCredentials.usernamePassword("reg", credential.get("username").asText(), credential.get("secret").asText());
        }
        TestCredentials.secretText("reg-ca", config.get("caPem").asText());

        RegistryPullStep step = new RegistryPullStep(config.get("image").asText());
        step.setCredentialsId("reg");
        step.setCaCertificateId("reg-ca");
        step.setTarget(config.get("target").asText());
        CapturingListener listener = new CapturingListener();
        StandInRun run = StandInJob.create("leak").newRun();
        EnvVars environment = new EnvVars("PATH", config.get("path").asText());
        if (config.hasNonNull("dockerHost")) {
            environment.put("DOCKER_HOST", config.get("dockerHost").asText());
        }
        TestStepContext context = new TestStepContext()
                .with(Run.class, run)
                .with(FilePath.class, new FilePath(new SerializingChannel(), workspace.toString()))
                .with(Launcher.class, new Launcher.LocalLauncher(listener))
                .with(TaskListener.class, listener)
                .with(EnvVars.class, environment);
        Path records = Files.createDirectories(jenkinsHome.resolve("jobs/leak/builds/1"));
        Files.writeString(records.resolve("step.txt"), FieldDump.of(step));
        int exit = 0;
        try {
            step.start(context).start();
            Object result = context.await();
            Files.writeString(records.resolve("result.txt"), FieldDump.of(result));
            System.out.println("RESULT " + result);
        } catch (Throwable failure) {
            exit = 1;
            System.err.println("FAILED");
            failure.printStackTrace(System.err);
        }
        PulledImagesAction action = run.getAction(PulledImagesAction.class);
        if (action != null) {
            Files.writeString(records.resolve("action.txt"), FieldDump.of(action));
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println("CONSOLE-BEGIN");
        out.println(listener.text());
        out.println("CONSOLE-END");
        out.flush();
        System.exit(exit);
    }
}
