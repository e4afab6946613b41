package io.jenkins.plugins.registrypull.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import io.jenkins.plugins.registrypull.ImageToPull;
import io.jenkins.plugins.registrypull.PulledImage;
import io.jenkins.plugins.registrypull.PulledImagesAction;
import io.jenkins.plugins.registrypull.RegistryPullBuildWrapper;
import io.jenkins.plugins.registrypull.testing.CapturingListener;
import io.jenkins.plugins.registrypull.testing.SerializingChannel;
import io.jenkins.plugins.registrypull.testing.TestCredentials;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInJob;
import io.jenkins.registrypull.standin.StandInRun;
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

/** The freestyle "Pull container images" wrapper end to end against the real registry (token auth over TLS). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryPullBuildWrapperE2ETest {
    private TokenRegistryFixture fixture;

    @TempDir
    Path tmp;
    private Path workspace;
    private SerializingChannel channel;
    private CapturingListener listener;
    private StandInRun run;

    @BeforeAll
    void startRegistry() {
        fixture = new TokenRegistryFixture();
    }

    @AfterAll
    void stopRegistry() {
        fixture.close();
        System.clearProperty(RegistryPullStepE2ETest.STORE_PROPERTY);
    }

    @BeforeEach
    void startJenkins() throws Exception {
        StandIn.reset();
        StandIn.startJenkins(Files.createDirectories(tmp.resolve("jenkins")).toFile());
        TestCredentials.registerDescriptors();
        TestCredentials.usernamePassword("reg", fixture.alice.username(), fixture.alice.password());
        TestCredentials.secretFile("reg-ca", "ca.pem", fixture.caPem());
        TestCredentials.secretText("cosign-pub", fixture.signer.publicKeyPem());
        TestCredentials.secretText("other-pub", fixture.otherSigner.publicKeyPem());
        System.setProperty(RegistryPullStepE2ETest.STORE_PROPERTY, tmp.resolve("agent-store").toString());
        workspace = Files.createDirectories(tmp.resolve("workspace"));
        channel = new SerializingChannel();
        listener = new CapturingListener();
        run = StandInJob.create("freestyle").newRun();
        fixture.tokens.requests().clear();
    }

    @AfterEach
    void stopJenkins() {
        StandIn.reset();
    }

    private ImageToPull image(String repositoryAndTag, String credentialsId) {
        ImageToPull image = new ImageToPull(fixture.image(repositoryAndTag));
        image.setCredentialsId(credentialsId);
        image.setCaCertificateId("reg-ca");
        image.setTarget("oci");
        return image;
    }

    private SimpleBuildWrapper.Context setUp(RegistryPullBuildWrapper wrapper) throws Exception {
        SimpleBuildWrapper.Context context = wrapper.createContext();
        wrapper.setUp(context, run, new FilePath(channel, workspace.toString()), new Launcher.LocalLauncher(listener), listener,
                new EnvVars("PATH", System.getenv("PATH")));
        return context;
    }

    @Test
    void testSetUp_pullsEveryImage_andSetsTheDigestVariables() throws Exception {
        ImageToPull app = image("team/app:1.0", "reg");
        app.setPath("images/app");
        app.setPlatform("linux/arm/v7");
        ImageToPull db = image("team/db:2", "reg");
        SimpleBuildWrapper.Context context = setUp(new RegistryPullBuildWrapper(List.of(app, db)));

        Map<String, String> env = context.getEnv();
        String host = fixture.registry.hostPort();
        assertThat(env).containsOnly(
                Map.entry("REGISTRY_PULL_DIGEST", fixture.app.digest()),
                Map.entry("REGISTRY_PULL_DIGEST_1", fixture.app.digest()),
                Map.entry("REGISTRY_PULL_IMAGE_1", host + "/team/app@" + fixture.app.digest()),
                Map.entry("REGISTRY_PULL_PATH_1", "images/app"),
                Map.entry("REGISTRY_PULL_DIGEST_2", fixture.db.manifestDigest()),
                Map.entry("REGISTRY_PULL_IMAGE_2", host + "/team/db@" + fixture.db.manifestDigest()),
                Map.entry("REGISTRY_PULL_PATH_2", "registry-pull/oci/team/db"),
                Map.entry("REGISTRY_PULL_LOCAL", "oci:" + workspace.toRealPath().resolve("images/app") + ":1.0"),
                Map.entry("REGISTRY_PULL_LOCAL_1", "oci:" + workspace.toRealPath().resolve("images/app") + ":1.0"),
                Map.entry("REGISTRY_PULL_LOCAL_2", "oci:" + workspace.toRealPath().resolve("registry-pull/oci/team/db")
                        + ":2"));
        assertThat(TokenRegistryFixture.assertLayoutBlobsVerify(workspace.resolve("images/app"))).isEqualTo(4);
        assertThat(TokenRegistryFixture.assertLayoutBlobsVerify(workspace.resolve("registry-pull/oci/team/db"))).isEqualTo(4);

        List<PulledImage> recorded = run.getAction(PulledImagesAction.class).getImages();
        assertThat(recorded).extracting(PulledImage::getManifestDigest)
                .containsExactly(fixture.app.image(Platform.LINUX_ARM_V7).manifestDigest(), fixture.db.manifestDigest());
        assertThat(recorded).allSatisfy(i -> assertThat(i.getVia()).isEqualTo("Pull container images"));
        assertThat(channel.sent()).hasSize(2);
        assertThat(listener.text()).contains("Pulled " + fixture.image("team/app:1.0")).contains("Pulled " + fixture.image("team/db:2"))
                .doesNotContain(fixture.alice.password());
    }

    @Test
    void testSetUp_badSecondImage_failsBeforeTheFirstPull() {
        ImageToPull bad = image("team/db:2", "missing");
        RegistryPullBuildWrapper wrapper = new RegistryPullBuildWrapper(List.of(image("team/app:1.0", "reg"), bad));
        assertThatThrownBy(() -> setUp(wrapper)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("Pull container images: image 2 of 2 (" + fixture.image("team/db:2") + ") failed: credentialsId: "
                        + "cannot find credentials 'missing'");
        assertThat(channel.sent()).isEmpty();
        assertThat(fixture.tokens.requests().all()).isEmpty();
        assertThat(workspace.resolve("registry-pull")).doesNotExist();
    }

    @Test
    void testSetUp_failingPull_failsTheBuildNamingTheImage() throws Exception {
        TestCredentials.usernamePassword("wrong", fixture.alice.username(), "not-" + fixture.alice.password());
        RegistryPullBuildWrapper wrapper = new RegistryPullBuildWrapper(List.of(image("team/app:1.0", "wrong")));
        assertThatThrownBy(() -> setUp(wrapper)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("Pull container images: image 1 of 1 (" + fixture.registry.hostPort() + "/team/app:1.0) failed: "
                        + "Could not pull")
                .hasMessageNotContaining(fixture.alice.password());
        assertThat(run.getAction(PulledImagesAction.class)).isNull();
    }

    @Test
    void testSetUp_signatures_verifiedPerImage() throws Exception {
        ImageToPull good = image("signed/app:1", "reg");
        good.setVerifyKeyId("cosign-pub");
        good.setRequireSignature(true);
        setUp(new RegistryPullBuildWrapper(List.of(good)));
        assertThat(run.getAction(PulledImagesAction.class).getImages().get(0).getSignatureKey()).startsWith("SHA256:");

        ImageToPull wrongKey = image("signed/app:1", "reg");
        wrongKey.setVerifyKeyId("other-pub");
        assertThatThrownBy(() -> setUp(new RegistryPullBuildWrapper(List.of(wrongKey)))).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("Pull container images: image 1 of 1 (" + fixture.image("signed/app:1") + ") failed: "
                        + "Could not pull " + fixture.image("signed/app:1") + ": The cosign signature of");
    }

    @Test
    void testSetUp_nothingConfigured_failsSayingWhat() {
        assertThatThrownBy(() -> setUp(new RegistryPullBuildWrapper(null))).isInstanceOf(AbortException.class)
                .hasMessageContaining("lists no image and no registry");
    }
}
