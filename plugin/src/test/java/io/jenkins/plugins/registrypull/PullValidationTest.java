package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import io.jenkins.registrypull.pull.PullSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input fails before any network call, naming the field and what is accepted. */
class PullValidationTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private static RegistryPullStep step(String image) {
        return new RegistryPullStep(image);
    }

    /** The step's named arguments, as the step execution validates them. */
    private static ValidatedPull validate(RegistryPullStep step) throws AbortException {
        return PullValidation.validate(step.getPull());
    }

    private static ValidatedPull validate(ImageToPull image) throws AbortException {
        return PullValidation.validate(image);
    }

    @Test
    void testValidate_minimal_defaultsToAutoTargetAndAgentPlatform() throws Exception {
        ValidatedPull p = validate(step("reg.example.com/team/app:1.2"));
        assertThat(p.reference().toString()).isEqualTo("reg.example.com/team/app:1.2");
        assertThat(p.target()).isEqualTo(Target.AUTO);
        assertThat(p.spec().platform()).isNull();
        assertThat(p.path()).isNull();
        assertThat(p.spec().expectedDigest()).isNull();
        assertThat(p.spec().timeout()).isEqualTo(PullSpec.DEFAULT_TIMEOUT);
        assertThat(p.credentialsId()).isNull();
    }

    @Test
    void testValidate_dockerHubShortName_isCanonicalised() throws Exception {
        assertThat(validate(step("ubuntu")).reference().toString()).isEqualTo("docker.io/library/ubuntu:latest");
    }

    @Test
    void testValidate_allFields() throws Exception {
        RegistryPullStep s = step(" reg.example.com:5000/team/app:1.2 ");
        s.setCredentialsId(" reg ");
        s.setPlatform("linux/arm64/v8");
        s.setTarget("OCI");
        s.setPath("./images//app/");
        s.setDigest(DIGEST);
        s.setInsecure(true);
        s.setCaCertificateId("ca");
        ValidatedPull p = validate(s);
        assertThat(p.reference().domain()).isEqualTo("reg.example.com:5000");
        assertThat(p.credentialsId()).isEqualTo("reg");
        assertThat(p.spec().platform()).hasToString("linux/arm64/v8");
        assertThat(p.target()).isEqualTo(Target.OCI);
        assertThat(p.path()).isEqualTo("images/app");
        assertThat(p.spec().expectedDigest()).hasToString(DIGEST);
        assertThat(p.insecure()).isTrue();
        assertThat(p.caCertificateId()).isEqualTo("ca");
    }

    @Test
    void testValidate_noImage() {
        assertThatThrownBy(() -> validate(step("  "))).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("Invalid input, nothing was pulled: image: an image reference is required");
    }

    @Test
    void testValidate_badImage_namesTheFieldWithTheEngineMessage() {
        assertThatThrownBy(() -> validate(step("reg.example.com/Team/App:1"))).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("Invalid input, nothing was pulled: image: ")
                .hasMessageContaining("lowercase");
    }

    @Test
    void testValidate_badPlatform() {
        RegistryPullStep s = step("app");
        s.setPlatform("amd64");
        assertThatThrownBy(() -> validate(s)).hasMessageContaining("platform: ");
    }

    @Test
    void testValidate_badDigest() {
        RegistryPullStep s = step("app");
        s.setDigest("sha256:1234");
        assertThatThrownBy(() -> validate(s)).hasMessageContaining("digest: ");
    }

    @Test
    void testValidate_digestDisagreesWithPinnedReference() {
        RegistryPullStep s = step("reg.example.com/app@sha256:" + "cd".repeat(32));
        s.setDigest(DIGEST);
        assertThatThrownBy(() -> validate(s)).isInstanceOf(AbortException.class)
                .hasMessageContaining("digest: the reference pins sha256:cdcd")
                .hasMessageContaining("but the expected digest is " + DIGEST);
    }

    @Test
    void testValidate_unknownTarget_listsAcceptedValues() {
        RegistryPullStep s = step("app");
        s.setTarget("containerd");
        assertThatThrownBy(() -> validate(s))
                .hasMessageContaining("'containerd' is not a target; use one of docker, podman, oci, docker-archive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker", "podman"})
    void testValidate_pathWithEngineTarget_refused(String target) {
        RegistryPullStep s = step("app");
        s.setTarget(target);
        s.setPath("out");
        assertThatThrownBy(() -> validate(s)).hasMessageContaining("path: only the oci and docker-archive targets");
    }

    @Test
    void testValidate_pathWithoutTarget_meansOci() throws Exception {
        RegistryPullStep s = step("app");
        s.setPath("out/app");
        assertThat(validate(s).target()).isEqualTo(Target.OCI);
        s.setTarget("docker-archive");
        assertThat(validate(s).target()).isEqualTo(Target.DOCKER_ARCHIVE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tmp/out", "\\\\server\\share", "C:\\out", "~/out"})
    void testValidate_absolutePath_refused(String path) {
        RegistryPullStep s = step("app");
        s.setPath(path);
        assertThatThrownBy(() -> validate(s)).hasMessageContaining("is absolute");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../out", "a/../../out", "a\\..\\..\\out"})
    void testValidate_pathLeavingWorkspace_refused(String path) {
        RegistryPullStep s = step("app");
        s.setPath(path);
        assertThatThrownBy(() -> validate(s)).hasMessageContaining("leaves the workspace");
    }

    @Test
    void testValidate_requireSignatureWithoutKey_refused() throws Exception {
        RegistryPullStep s = step("app");
        s.setRequireSignature(true);
        assertThatThrownBy(() -> validate(s)).hasMessageStartingWith("requireSignature: ")
                .hasMessageContaining("set verifyKeyId");
        s.setVerifyKeyId("cosign-pub");
        ValidatedPull p = validate(s);
        assertThat(p.verifyKeyId()).isEqualTo("cosign-pub");
        assertThat(p.requireSignature()).isTrue();
    }

    @Test
    void testValidate_requireDigest_tagAloneRefused() {
        RegistryPullStep s = step("reg.example.com/team/app:1.2");
        s.setRequireDigest(true);
        assertThatThrownBy(() -> validate(s)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("Invalid input, nothing was pulled: digest: the policy requires a pinned digest,"
                        + " but reg.example.com/team/app:1.2 has none")
                .hasMessageContaining("reg.example.com/team/app@sha256:<digest>").hasMessageContaining("expected digest");
        ImageToPull i = new ImageToPull("app");
        i.setRequireDigest(true);
        assertThatThrownBy(() -> validate(i)).hasMessageContaining("digest: the policy requires");
    }

    @Test
    void testValidate_requireDigest_pinnedByReferenceOrDigestField() throws Exception {
        RegistryPullStep byReference = step("reg.example.com/team/app:1.2@" + DIGEST);
        byReference.setRequireDigest(true);
        assertThat(validate(byReference).reference().digest().toString()).isEqualTo(DIGEST);
        RegistryPullStep byField = step("reg.example.com/team/app:1.2");
        byField.setRequireDigest(true);
        byField.setDigest(DIGEST);
        assertThat(validate(byField).spec().expectedDigest()).hasToString(DIGEST);
    }

    @Test
    void testValidate_wrapperImage_sameRules() {
        ImageToPull i = new ImageToPull("app");
        i.setTarget("nope");
        assertThatThrownBy(() -> validate(i)).hasMessageContaining("'nope' is not a target");
    }

    @Test
    void testValidate_timeout_minutesIntoTheSpec() throws Exception {
        RegistryPullStep s = step("app");
        s.setTimeout(15);
        assertThat(validate(s).spec().timeout()).isEqualTo(Duration.ofMinutes(15));
        ImageToPull i = new ImageToPull("app");
        i.setTimeout(10080);
        assertThat(validate(i).spec().timeout()).isEqualTo(Duration.ofDays(7));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 10081, Integer.MAX_VALUE})
    void testValidate_timeoutOutOfRange_namesTheFieldAndTheRange(int minutes) {
        RegistryPullStep s = step("app");
        s.setTimeout(minutes);
        assertThatThrownBy(() -> validate(s)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("timeout: " + minutes + " is not accepted: give whole minutes from 1 to 10080"
                        + " (7 days), or leave it empty (0) for the default, 60 minutes.");
    }
}
