package io.jenkins.plugins.registrypull.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrypull.MirroredRegistry;
import io.jenkins.plugins.registrypull.PulledImage;
import io.jenkins.plugins.registrypull.PulledImagesAction;
import io.jenkins.plugins.registrypull.RegistryMirror;
import io.jenkins.plugins.registrypull.RegistryMirrorsConfiguration;
import io.jenkins.plugins.registrypull.RegistryPullStep;
import io.jenkins.plugins.registrypull.credentials.RegistryCredentialsResolver;
import io.jenkins.plugins.registrypull.credentials.RegistryLogin;
import io.jenkins.plugins.registrypull.testing.CapturingListener;
import io.jenkins.plugins.registrypull.testing.SerializingChannel;
import io.jenkins.plugins.registrypull.testing.TestCredentials;
import io.jenkins.plugins.registrypull.testing.TestStepContext;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInJob;
import io.jenkins.registrypull.standin.StandInRun;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestCa;
import io.jenkins.registrypull.testkit.TestUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The global mirror configuration end to end: the origin is the token+TLS registry of {@link TokenRegistryFixture}
 * (alice may pull); the mirror is an htpasswd registry over TLS with its own CA, holding a copy, where only the mirror's
 * own user exists. A pull that sent alice's credentials to the mirror would be refused there and come from the origin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryMirrorsE2ETest {
    private TokenRegistryFixture fixture;
    private final TestCa mirrorCa = TestCa.create();
    private final TestUser reader = TestUser.random("reader");
    private RegistryServer mirror;

    @TempDir
    Path tmp;
    private Path workspace;
    private CapturingListener listener;
    private StandInRun run;
    private RegistryMirrorsConfiguration config;

    @BeforeAll
    void start() {
        fixture = new TokenRegistryFixture();
        mirror = RegistryServer.htpasswdTls(mirrorCa, reader);
        try (RegistryPusher pusher = RegistryPusher.forRegistry(mirror)) {
            pusher.pushIndex("team/app", "1.0", fixture.app);
        }
    }

    @AfterAll
    void stop() {
        mirror.close();
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
        TestCredentials.usernamePassword("mirror-reader", reader.username(), reader.password());
        TestCredentials.secretText("mirror-ca", mirrorCa.caCertificatePem());
        System.setProperty(RegistryPullStepE2ETest.STORE_PROPERTY, tmp.resolve("agent-store-" + System.nanoTime()).toString());
        workspace = Files.createDirectories(tmp.resolve("workspace"));
        listener = new CapturingListener();
        run = StandInJob.create("pipeline").newRun();
        config = StandIn.register(RegistryMirrorsConfiguration.class, new RegistryMirrorsConfiguration());
        fixture.tokens.requests().clear();
    }

    @AfterEach
    void stopJenkins() {
        StandIn.reset();
    }

    private RegistryMirror mirrorEntry(String credentialsId) {
        RegistryMirror m = new RegistryMirror(mirror.hostPort());
        m.setCredentialsId(credentialsId);
        m.setCaCertificateId("mirror-ca");
        return m;
    }

    private void configure(RegistryMirror... mirrors) {
        MirroredRegistry registry = new MirroredRegistry(fixture.registry.hostPort());
        registry.setMirrors(List.of(mirrors));
        config.setRegistries(List.of(registry));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> pull() throws Throwable {
        RegistryPullStep step = new RegistryPullStep(fixture.image("team/app:1.0"));
        step.setCredentialsId("reg");
        step.setCaCertificateId("reg-ca");
        step.setTarget("oci");
        TestStepContext context = new TestStepContext()
                .with(Run.class, run)
                .with(FilePath.class, new FilePath(new SerializingChannel(), workspace.toString()))
                .with(Launcher.class, new Launcher.LocalLauncher(listener))
                .with(TaskListener.class, listener)
                .with(EnvVars.class, new EnvVars("PATH", System.getenv("PATH")));
        step.start(context).start();
        return (Map<String, Object>) context.await();
    }

    @Test
    void testMirrorWithItsOwnCredentialsAndCa_servesThePull_buildPageSaysSo() throws Throwable {
        configure(mirrorEntry("mirror-reader"));
        Map<String, Object> result = pull();

        assertThat(result).containsEntry("digest", fixture.app.digest())
                .containsEntry("manifestSource", "https://" + mirror.hostPort() + "/team/app")
                .containsEntry("manifestFromMirror", true);
        assertThat(fixture.tokens.requests().all()).as("the origin's realm was never asked").isEmpty();
        PulledImage recorded = run.getAction(PulledImagesAction.class).getImages().get(0);
        assertThat(recorded.getManifestSource()).isEqualTo("https://" + mirror.hostPort() + "/team/app");
        assertThat(recorded.getBlobSourcesText()).isEqualTo("3 from https://" + mirror.hostPort() + "/team/app");
        assertThat(listener.text()).contains("The manifest of " + fixture.image("team/app:1.0") + " came from mirror https://"
                + mirror.hostPort() + "/team/app").doesNotContain(reader.password()).doesNotContain(fixture.alice.password());
    }

    @Test
    void testMirrorWithoutCredentials_isAnonymous_neverGetsTheRegistrys_fallsBackToTheOrigin() throws Throwable {
        configure(mirrorEntry(null));
        Map<String, Object> result = pull();

        assertThat(result).containsEntry("digest", fixture.app.digest()).containsEntry("manifestFromMirror", false);
        assertThat(listener.text()).contains("mirror https://" + mirror.hostPort() + "/team/app did not serve")
                .contains("HTTP 401");
        assertThat(mirror.log()).doesNotContain(fixture.alice.username());
    }

    @Test
    void testBlockedRegistry_failsBeforeAnyRequest() throws Throwable {
        MirroredRegistry blocked = new MirroredRegistry(fixture.registry.hostPort());
        blocked.setBlocked(true);
        config.setRegistries(List.of(blocked));
        int before = fixture.registry.log().length();

        assertThatThrownBy(this::pull).isInstanceOf(AbortException.class).hasMessageContaining("is blocked by the"
                + " registries.conf rule with prefix '" + fixture.registry.hostPort() + "'");
        assertThat(fixture.tokens.requests().all()).isEmpty();
        assertThat(fixture.registry.log().length()).isEqualTo(before);
    }

    @Test
    void testWithRegistryAuthHook_servesTheMirrorsOwnCredentials() throws Throwable {
        configure(mirrorEntry("mirror-reader"));
        Map<String, RegistryLogin> logins = new LinkedHashMap<>();
        RegistryCredentialsResolver resolver = new RegistryCredentialsResolver(run);
        logins.put(fixture.registry.hostPort(), resolver.resolveRegistryLogin("reg", fixture.registry.hostPort()));
        config.addMirrorLogins(resolver, logins);

        assertThat(logins).containsOnlyKeys(fixture.registry.hostPort(), mirror.hostPort());
        assertThat(logins.get(mirror.hostPort()).describe()).contains(reader.username()).contains("mirror-reader")
                .doesNotContain(fixture.alice.username());
    }

    @Test
    void testWithRegistryAuthHook_dockerHubAsInTheDocs() throws Throwable {
        MirroredRegistry hub = new MirroredRegistry("docker.io");
        hub.setPrefix("docker.io");
        RegistryMirror cache = new RegistryMirror("hub-cache.example.com:5000");
        cache.setCredentialsId("mirror-reader");
        RegistryMirror anonymous = new RegistryMirror("mirror.example.com/dockerhub");
        hub.setMirrors(List.of(cache, anonymous));
        config.setRegistries(List.of(hub));
        Map<String, RegistryLogin> logins = new LinkedHashMap<>();
        RegistryCredentialsResolver resolver = new RegistryCredentialsResolver(run);
        String dockerHub = io.jenkins.registrypull.credhelper.RegistryNames.parseConfigured("docker.io", "registry");
        logins.put(dockerHub, resolver.resolveRegistryLogin("reg", dockerHub));
        config.addMirrorLogins(resolver, logins);

        assertThat(logins).containsOnlyKeys(dockerHub, "hub-cache.example.com:5000");
        assertThat(logins.get("hub-cache.example.com:5000").describe()).contains("mirror-reader");
    }

    @Test
    void testInvalidConfiguration_namesTheField() {
        RegistryMirror bad = new RegistryMirror(mirror.hostPort());
        bad.setPullFromMirror("sometimes");
        configure(bad);
        assertThatThrownBy(this::pull).isInstanceOf(AbortException.class).hasMessageContaining("pullFromMirror")
                .hasMessageContaining("all, digest-only, tag-only");
    }
}
