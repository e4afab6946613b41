package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.model.Fingerprint;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInJob;
import io.jenkins.registrypull.standin.StandInRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One action per build aggregates every pull; every digest of a pull is a fingerprint used by the build. */
class PulledImagesActionTest {
    private static final String INDEX = "sha256:" + "1a".repeat(32);
    private static final String MANIFEST = "sha256:" + "2b".repeat(32);
    private static final String CONFIG = "sha256:" + "3c".repeat(32);

    @TempDir
    Path home;

    @BeforeEach
    void start() {
        StandIn.reset();
        StandIn.startJenkins(home.toFile());
    }

    @AfterEach
    void stop() {
        StandIn.reset();
    }

    static PulledImage image(String ref, String index) {
        return new PulledImage(ref, "oci", index != null ? index : MANIFEST, MANIFEST, index, CONFIG, "linux/amd64", 12_300_000, 100,
                2, Duration.ofSeconds(3), null, "registry-pull/oci/team/app", List.of("manifest verified"));
    }

    @Test
    void testRecord_oneActionPerRunInPullOrder() throws Exception {
        StandInRun run = StandInJob.create("app").newRun();
        PulledImagesAction.record(run, image("reg.example.com/team/app:1", INDEX));
        PulledImagesAction.record(run, image("reg.example.com/team/db:2", null));
        assertThat(run.getActions(PulledImagesAction.class)).hasSize(1);
        PulledImagesAction action = run.getAction(PulledImagesAction.class);
        assertThat(action.getImages()).extracting(PulledImage::getImage)
                .containsExactly("reg.example.com/team/app:1", "reg.example.com/team/db:2");
        assertThat(action.getRun()).isSameAs(run);
        assertThat(action.getUrlName()).isEqualTo("pulled-images");
        assertThat(action.getIconFileName()).isEqualTo("symbol-cube");
        assertThat(action.getDisplayName()).isEqualTo("Pulled images");
    }

    @Test
    void testFingerprints_firstThirtyTwoHexOfEachDigest_usedByTheBuild() throws Exception {
        StandInRun run = StandInJob.create("app").newRun();
        ImageFingerprints.record(run, image("reg.example.com/team/app:1", INDEX));
        for (String digest : new String[] {INDEX, MANIFEST, CONFIG}) {
            String hash = digest.substring(7, 39);
            assertThat(ImageFingerprints.hashOf(digest)).isEqualTo(hash);
            Fingerprint f = Jenkins.get().getFingerprintMap().getOrCreate(run, "x", hash);
            assertThat(f.getRangeSet("app").includes(run.getNumber())).as(digest).isTrue();
        }
        assertThat(Jenkins.get().getFingerprintMap().getOrCreate(run, "x", CONFIG.substring(7, 39)).getFileName())
                .as("named like docker-commons names image ids").isEqualTo("Docker image reg.example.com/team/app:1");
        assertThatThrownBy(() -> ImageFingerprints.hashOf("sha256:abc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testFingerprintNames_indexManifestImageId() {
        Map<String, String> names = ImageFingerprints.namesByDigest(image("reg.example.com/team/app:1", INDEX));
        assertThat(names).containsOnlyKeys(INDEX, MANIFEST, CONFIG);
        assertThat(ImageFingerprints.namesByDigest(image("reg.example.com/team/app:1", null))).containsOnlyKeys(MANIFEST, CONFIG);
    }

    @Test
    void testStepResult_mapKeys() {
        Map<String, Object> r = image("reg.example.com:5000/team/app:1", INDEX).toStepResult();
        assertThat(r).containsEntry("digest", INDEX).containsEntry("manifestDigest", MANIFEST).containsEntry("indexDigest", INDEX)
                .containsEntry("configDigest", CONFIG).containsEntry("image", "reg.example.com:5000/team/app:1")
                .containsEntry("pinned", "reg.example.com:5000/team/app@" + INDEX).containsEntry("platform", "linux/amd64")
                .containsEntry("size", 12_300_000L).containsEntry("target", "oci")
                .containsEntry("path", "registry-pull/oci/team/app").doesNotContainKey("imageId");
        assertThat(image("reg.example.com/app@" + MANIFEST, null).getPinnedReference()).isEqualTo("reg.example.com/app@" + MANIFEST);
    }
}
