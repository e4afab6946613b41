package io.jenkins.plugins.registrypull.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrypull.RegistryPullStep;
import io.jenkins.plugins.registrypull.testing.CapturingListener;
import io.jenkins.plugins.registrypull.testing.SerializingChannel;
import io.jenkins.plugins.registrypull.testing.TestStepContext;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInJob;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.Fault;
import io.jenkins.registrypull.testkit.FaultProxy;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker Hub's pull rate limit on the console (issue 13 part 4): a real registry behind a proxy that adds the headers
 * Docker Hub sends ({@code ratelimit-limit}, {@code ratelimit-remaining}, {@code docker-ratelimit-source}), and its 429.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitConsoleE2ETest {

    private static final Map<String, String> LIMITS = Map.of("ratelimit-limit", "100;w=21600",
            "ratelimit-remaining", "76;w=21600", "docker-ratelimit-source", "192.0.2.7");

    private final BuiltImage image = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
    private RegistryServer registry;
    private FaultProxy proxy;

    @TempDir
    Path tmp;
    private CapturingListener listener;

    @BeforeAll
    void startRegistry() {
        registry = RegistryServer.openHttp();
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushImage("library/app", "1", image);
        }
        proxy = FaultProxy.start(registry);
    }

    @AfterAll
    void stopRegistry() {
        proxy.close();
        registry.close();
        System.clearProperty(RegistryPullStepE2ETest.STORE_PROPERTY);
    }

    @BeforeEach
    void startJenkins() throws Exception {
        StandIn.reset();
        StandIn.startJenkins(Files.createDirectories(tmp.resolve("jenkins")).toFile());
        System.setProperty(RegistryPullStepE2ETest.STORE_PROPERTY, tmp.resolve("agent-store").toString());
        listener = new CapturingListener();
        proxy.clearFaults();
    }

    @AfterEach
    void stopJenkins() {
        StandIn.reset();
    }

    private Object pull() throws Throwable {
        RegistryPullStep step = new RegistryPullStep(proxy.hostPort() + "/library/app:1");
        step.setInsecure(true);
        step.setTarget("oci");
        Path workspace = Files.createDirectories(tmp.resolve("workspace"));
        TestStepContext context = new TestStepContext()
                .with(Run.class, StandInJob.create("hub").newRun())
                .with(FilePath.class, new FilePath(new SerializingChannel(), workspace.toString()))
                .with(Launcher.class, new Launcher.LocalLauncher(listener))
                .with(TaskListener.class, listener)
                .with(EnvVars.class, new EnvVars("PATH", System.getenv("PATH")));
        step.start(context).start();
        return context.await();
    }

    @Test
    void testRateLimitHeaders_shownAfterThePull() throws Throwable {
        proxy.inject(FaultProxy.isManifest(), new Fault.AddHeaders(LIMITS, null), Integer.MAX_VALUE);
        pull();
        assertThat(listener.text())
                .contains("Registry rate limit after this pull: 76 of 100 pulls left per 6 h (counted for 192.0.2.7)");
    }

    @Test
    void testNoHeaders_noRateLimitLine() throws Throwable {
        pull();
        assertThat(listener.text()).doesNotContain("rate limit");
    }

    @Test
    void testLimitUsedUp_429_saysWhatToDoInTheStepsTerms() {
        proxy.inject(FaultProxy.isManifest(), new Fault.AddHeaders(Map.of("ratelimit-limit", "100;w=21600",
                "ratelimit-remaining", "0;w=21600"), Fault.Status.tooManyRequests("0")), Integer.MAX_VALUE);
        assertThatThrownBy(this::pull).isInstanceOf(AbortException.class)
                .hasMessageContaining("Could not pull " + proxy.hostPort() + "/library/app:1")
                .hasMessageContaining("Docker Hub's pull rate limit is used up (0 of 100 pulls left per 6 h)")
                .hasMessageContaining("Anonymous pulls have the lowest limit: authenticate")
                .hasMessageContaining("see docs/mirrors.md")
                .hasMessageContaining("Credentials for the registry go in credentialsId.")
                .hasMessageNotContaining("--username");
    }
}
