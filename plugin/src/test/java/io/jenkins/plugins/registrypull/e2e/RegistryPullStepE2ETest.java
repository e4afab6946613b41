package io.jenkins.plugins.registrypull.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrypull.ImageFingerprints;
import io.jenkins.plugins.registrypull.PulledImage;
import io.jenkins.plugins.registrypull.PulledImagesAction;
import io.jenkins.plugins.registrypull.RegistryPullStep;
import io.jenkins.plugins.registrypull.testing.CapturingListener;
import io.jenkins.plugins.registrypull.testing.SerializingChannel;
import io.jenkins.plugins.registrypull.testing.TestCredentials;
import io.jenkins.plugins.registrypull.testing.TestStepContext;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInJob;
import io.jenkins.registrypull.standin.StandInRun;
import io.jenkins.registrypull.testkit.ConnectionCounter;
import io.jenkins.registrypull.testkit.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code registryPull} step end to end: its execution is driven through a test StepContext, the pull crosses a
 * serializing agent channel, and the engine pulls from the real registry with token auth over TLS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryPullStepE2ETest {
    static final String STORE_PROPERTY = "io.jenkins.plugins.registrypull.storeDir";

    private TokenRegistryFixture fixture;
    private final ObjectMapper json = new ObjectMapper();

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
        System.clearProperty(STORE_PROPERTY);
    }

    @BeforeEach
    void startJenkins() throws Exception {
        StandIn.reset();
        StandIn.startJenkins(Files.createDirectories(tmp.resolve("jenkins")).toFile());
        TestCredentials.registerDescriptors();
        TestCredentials.usernamePassword("reg", fixture.alice.username(), fixture.alice.password());
        TestCredentials.usernamePassword("reg-mallory", fixture.mallory.username(), fixture.mallory.password());
        TestCredentials.usernamePassword("reg-wrong", fixture.alice.username(), "wrong-" + fixture.alice.password());
        TestCredentials.secretText("reg-ca", fixture.caPem());
        TestCredentials.secretFile("cosign-pub", "cosign.pub", fixture.signer.publicKeyPem());
        TestCredentials.secretText("other-pub", fixture.otherSigner.publicKeyPem());
        System.setProperty(STORE_PROPERTY, tmp.resolve("agent-store").toString());
        workspace = Files.createDirectories(tmp.resolve("workspace"));
        channel = new SerializingChannel();
        listener = new CapturingListener();
        run = StandInJob.create("pipeline").newRun();
        fixture.tokens.requests().clear();
    }

    @AfterEach
    void stopJenkins() {
        StandIn.reset();
    }

    private RegistryPullStep step(String repositoryAndTag) {
        RegistryPullStep step = new RegistryPullStep(fixture.image(repositoryAndTag));
        step.setCredentialsId("reg");
        step.setCaCertificateId("reg-ca");
        step.setTarget("oci");
        return step;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> run(RegistryPullStep step) throws Throwable {
        TestStepContext context = new TestStepContext()
                .with(Run.class, run)
                .with(FilePath.class, new FilePath(channel, workspace.toString()))
                .with(Launcher.class, new Launcher.LocalLauncher(listener))
                .with(TaskListener.class, listener)
                .with(EnvVars.class, new EnvVars("PATH", System.getenv("PATH")));
        assertThat(step.start(context).start()).as("asynchronous").isFalse();
        return (Map<String, Object>) context.await();
    }

    @Test
    void testPull_multiPlatformImage_intoOciLayout_withUsernamePassword() throws Throwable {
        Map<String, Object> result = run(step("team/app:1.0"));

        String amd64 = fixture.app.image(Platform.LINUX_AMD64).manifestDigest();
        assertThat(result).containsEntry("digest", fixture.app.digest()).containsEntry("indexDigest", fixture.app.digest())
                .containsEntry("manifestDigest", amd64).containsEntry("image", fixture.image("team/app:1.0"))
                .containsEntry("pinned", fixture.registry.hostPort() + "/team/app@" + fixture.app.digest())
                .containsEntry("platform", "linux/amd64").containsEntry("target", "oci")
                .containsEntry("path", "registry-pull/oci/team/app").containsEntry("layers", 2);
        assertThat((Long) result.get("size")).isEqualTo(fixture.app.image(Platform.LINUX_AMD64).blobBytes());

        // the image is in the workspace, every blob verifies, the index entry names the manifest
        Path layout = workspace.resolve("registry-pull/oci/team/app");
        assertThat(TokenRegistryFixture.assertLayoutBlobsVerify(layout)).isEqualTo(4);
        JsonNode index = json.readTree(layout.resolve("index.json").toFile());
        assertThat(index.path("manifests").get(0).path("digest").asText()).isEqualTo(amd64);

        // the callable crossed the channel; one login at the token server (OAuth2 password grant, or Basic GET once
        // the agent's engine has learnt the realm refuses the grant), never with a secret in a URL
        assertThat(channel.sent()).hasSize(1);
        assertThat(fixture.tokens.requests().all()).singleElement().satisfies(r -> assertThat(r.succeeded()).isTrue());
        assertThat(fixture.tokens.requests().anySecretInUrl()).isFalse();

        // console: start line, one line per blob, summary; nothing secret
        String console = listener.text();
        assertThat(console).contains("Pulling " + fixture.image("team/app:1.0") + " (linux/amd64, this agent's platform) into oci"
                + " registry-pull/oci/team/app, with user '" + fixture.alice.username() + "' from credentials 'reg'");
        assertThat(console.lines().filter(l -> l.matches("  (config|layer ) sha256:[0-9a-f]{12} .* in .* s \\(.*/s\\)"))).hasSize(3);
        assertThat(console).contains("Pulled " + fixture.image("team/app:1.0") + ": digest " + fixture.app.digest() + ", 2 layers,")
                .contains("verified index, manifest and 3 blobs by digest and size");
        assertThat(console).doesNotContain(fixture.alice.password());

        // recorded on the build: action and fingerprints
        PulledImage recorded = run.getAction(PulledImagesAction.class).getImages().get(0);
        assertThat(recorded.getDigest()).isEqualTo(fixture.app.digest());
        assertThat(recorded.getVia()).isEqualTo("registryPull step");
        assertThat(recorded.getVerification()).anyMatch(v -> v.startsWith("index " + fixture.app.digest()));
        assertThat(Jenkins.get().getFingerprintMap().getOrCreate(run, "x", ImageFingerprints.hashOf(fixture.app.digest()))
                .getRangeSet("pipeline").includes(run.getNumber())).isTrue();
    }

    /**
     * A registry that has stalled (it takes the connection and never answers): the pull ends at the step's
     * {@code timeout}, 1 minute here rather than the default hour, with a message that names the image, the deadline
     * and what to do. The assertion is on the error, not on how long it took.
     */
    @Test
    void testPull_stalledRegistry_endsAtTheStepsTimeout() throws Throwable {
        try (ConnectionCounter stalled = ConnectionCounter.silent()) {
            String image = stalled.hostPort() + "/team/app:1.0";
            RegistryPullStep step = new RegistryPullStep(image);
            step.setInsecure(true);
            step.setTarget("oci");
            step.setTimeout(1);

            assertThatThrownBy(() -> run(step)).isInstanceOf(AbortException.class)
                    .hasMessageStartingWith("Could not pull " + image + ": The pull did not finish before its deadline")
                    .hasMessageContaining("Raise the pull's timeout")
                    .hasMessageEndingWith("The deadline is timeout, in minutes (60 by default, up to 10080).");
            assertThat(stalled.connections()).isPositive();
            assertThat(workspace.resolve("registry-pull")).doesNotExist();
        }
    }

    @Test
    void testPull_secondTime_reusesTheAgentsBlobStore() throws Throwable {
        run(step("team/db:2"));
        listener = new CapturingListener();
        Map<String, Object> again = run(step("team/db:2"));
        assertThat(again).containsEntry("downloaded", 0L).containsEntry("digest", fixture.db.manifestDigest())
                .doesNotContainKey("indexDigest");
        assertThat(listener.text().lines().filter(l -> l.endsWith("already in the agent's blob store"))).hasSize(3);
    }

    @Test
    void testPull_otherPlatform_andOwnPath_andPinnedDigest() throws Throwable {
        RegistryPullStep step = step("team/app:1.0");
        step.setPlatform("linux/arm64");
        step.setPath("images/app-arm");
        step.setDigest(fixture.app.digest());
        Map<String, Object> result = run(step);
        assertThat(result).containsEntry("manifestDigest", fixture.app.image(Platform.LINUX_ARM64_V8).manifestDigest())
                .containsEntry("platform", "linux/arm64/v8").containsEntry("path", "images/app-arm");
        assertThat(workspace.resolve("images/app-arm/index.json")).isRegularFile();
        assertThat(listener.text()).contains("digest as pinned");
    }

    @Test
    void testPull_secretTextIdentityToken_refreshTokenGrant() throws Throwable {
        TestCredentials.secretText("reg-refresh", fixture.refreshTokenFor(fixture.alice));
        fixture.tokens.requests().clear();
        RegistryPullStep step = step("team/db:2");
        step.setCredentialsId("reg-refresh");
        Map<String, Object> result = run(step);
        assertThat(result).containsEntry("digest", fixture.db.manifestDigest());
        assertThat(fixture.tokens.requests().all()).extracting(r -> r.method() + " " + r.grantType() + " " + r.status())
                .containsExactly("POST refresh_token 200");
        assertThat(listener.text()).contains("with an identity (OAuth2 refresh) token from credentials 'reg-refresh'");
    }

    @Test
    void testPull_wrongPassword_failsSayingWhatToDo_withoutTheSecret() {
        RegistryPullStep step = step("team/app:1.0");
        step.setCredentialsId("reg-wrong");
        assertThatThrownBy(() -> run(step)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("Could not pull " + fixture.image("team/app:1.0") + ": ")
                .hasMessageNotContaining("wrong-" + fixture.alice.password());
        assertThat(listener.text()).doesNotContain(fixture.alice.password());
        assertThat(run.getAction(PulledImagesAction.class)).isNull();
    }

    @Test
    void testPull_accountWithoutPullRights_denied() {
        RegistryPullStep step = step("team/app:1.0");
        step.setCredentialsId("reg-mallory");
        assertThatThrownBy(() -> run(step)).isInstanceOf(AbortException.class).hasMessageContaining("team/app")
                .hasMessageNotContaining(fixture.mallory.password());
    }

    @Test
    void testPull_digestMismatch_failsAndLeavesNothingInTheWorkspace() {
        RegistryPullStep step = step("team/app:1.0");
        step.setDigest("sha256:" + "0".repeat(64));
        assertThatThrownBy(() -> run(step)).isInstanceOf(AbortException.class).hasMessageContaining("not the expected digest");
        assertThat(workspace.resolve("registry-pull")).doesNotExist();
    }

    @Test
    void testPull_unknownCredentials_failsBeforeAnyNetworkCall() {
        RegistryPullStep step = step("team/app:1.0");
        step.setCredentialsId("nope");
        assertThatThrownBy(() -> run(step)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("credentialsId: cannot find credentials 'nope'");
        assertThat(channel.sent()).as("nothing was sent to the agent").isEmpty();
        assertThat(fixture.tokens.requests().all()).isEmpty();
    }

    @Test
    void testPull_badInput_failsBeforeAnyNetworkCall() {
        RegistryPullStep step = step("team/app:1.0");
        step.setPath("../outside");
        assertThatThrownBy(() -> run(step)).hasMessageContaining("leaves the workspace");
        assertThat(channel.sent()).isEmpty();
    }

    @Test
    void testPull_withoutCaCertificate_tlsFailsWithAHint() {
        RegistryPullStep step = step("team/db:2");
        step.setCaCertificateId(null);
        assertThatThrownBy(() -> run(step)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("Could not pull " + fixture.image("team/db:2"));
    }

    @Test
    void testPull_signedImage_verifiedWithTheKey_beforeAnythingIsFetched() throws Throwable {
        RegistryPullStep step = step("signed/app:1");
        step.setVerifyKeyId("cosign-pub");
        step.setRequireSignature(true);
        Map<String, Object> result = run(step);
        assertThat(result).containsEntry("digest", fixture.signed.manifestDigest());
        assertThat((String) result.get("signatureKey")).startsWith("SHA256:");
        assertThat(listener.text()).contains("cosign signature with key " + result.get("signatureKey"));
        PulledImage recorded = run.getAction(PulledImagesAction.class).getImages().get(0);
        assertThat(recorded.getSignatureKey()).isEqualTo(result.get("signatureKey"));
        assertThat(recorded.getVerification()).anyMatch(v -> v.contains("cosign signature verified with key"));
    }

    @Test
    void testPull_signedWithAnotherKey_failsAndWritesNothing() {
        RegistryPullStep step = step("signed/app:1");
        step.setVerifyKeyId("other-pub");
        assertThatThrownBy(() -> run(step)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("Could not pull " + fixture.image("signed/app:1") + ": The cosign signature of")
                .hasMessageContaining("Nothing was downloaded or written")
                .hasMessageContaining("Check that the verifyKeyId credentials hold the public key");
        assertThat(workspace.resolve("registry-pull")).doesNotExist();
        assertThat(run.getAction(PulledImagesAction.class)).isNull();
    }

    @Test
    void testPull_unsigned_requiredSignature_fails_optionalSignature_pullsAndSaysSo() throws Throwable {
        RegistryPullStep required = step("unsigned/app:1");
        required.setVerifyKeyId("cosign-pub");
        required.setRequireSignature(true);
        assertThatThrownBy(() -> run(required)).isInstanceOf(AbortException.class)
                .hasMessageContaining("No cosign signature found for " + fixture.image("unsigned/app:1"))
                .hasMessageContaining("remove requireSignature");

        RegistryPullStep optional = step("unsigned/app:1");
        optional.setVerifyKeyId("cosign-pub");
        Map<String, Object> result = run(optional);
        assertThat(result).doesNotContainKey("signatureKey");
        assertThat(listener.text()).contains("no cosign signature found");
    }

    @Test
    void testPull_verifyKeyIsNotAKey_failsBeforeAnyNetworkCall() {
        RegistryPullStep step = step("signed/app:1");
        step.setVerifyKeyId("reg-ca");
        assertThatThrownBy(() -> run(step)).hasMessageStartingWith("verifyKeyId: credentials 'reg-ca' do not hold a usable public key");
        assertThat(channel.sent()).isEmpty();
        assertThat(fixture.tokens.requests().all()).isEmpty();
    }
}
