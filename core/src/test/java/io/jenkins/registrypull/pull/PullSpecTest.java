package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.json.JsonTrees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.sink.OciLayoutSink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PullSpecTest {
    private static final String DIGEST_A = "sha256:" + "a".repeat(64);
    private static final String DIGEST_B = "sha256:" + "b".repeat(64);

    @Test
    void testBuild_parsesEachFieldOnce() throws Exception {
        PullSpec spec = PullSpec.builder().image(" reg.example.com/team/app:1.2 ").platform("linux/arm64/v8")
                .expectedDigest(DIGEST_A).insecure(true).timeout(Duration.ofMinutes(5)).build();

        assertThat(spec.reference().toString()).isEqualTo("reg.example.com/team/app:1.2");
        assertThat(spec.platform().toString()).isEqualTo("linux/arm64/v8");
        assertThat(spec.pin().toString()).isEqualTo(DIGEST_A);
        assertThat(spec.pinned()).isTrue();
        assertThat(spec.insecure()).isTrue();
        assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void testBuild_defaults() throws Exception {
        PullSpec spec = PullSpec.builder().image("app").build();

        assertThat(spec.timeout()).isEqualTo(PullSpec.DEFAULT_TIMEOUT);
        assertThat(spec.platform()).isNull();
        assertThat(spec.pinned()).isFalse();
        assertThat(spec.pin()).isNull();
    }

    @Test
    void testBuild_pinFromTheReference() throws Exception {
        PullSpec spec = PullSpec.builder().image("reg.example.com/app@" + DIGEST_A).requireDigest(true).build();

        assertThat(spec.pinned()).isTrue();
        assertThat(spec.pin().toString()).isEqualTo(DIGEST_A);
    }

    @Test
    void testBuild_imageRequired() {
        assertThatThrownBy(() -> PullSpec.builder().image("  ").build())
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("image: ");
    }

    @Test
    void testBuild_conflictingPins() {
        assertThatThrownBy(() -> PullSpec.builder().image("reg.example.com/app@" + DIGEST_A).expectedDigest(DIGEST_B)
                .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("digest: the reference pins " + DIGEST_A)
                .hasMessageContaining("but the expected digest is " + DIGEST_B);
    }

    @Test
    void testBuild_requireDigestWithoutPin() {
        assertThatThrownBy(() -> PullSpec.builder().image("reg.example.com/app:1").requireDigest(true).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("digest: the policy requires a pinned digest")
                .hasMessageContaining("reg.example.com/app@sha256:<digest>");
    }

    @Test
    void testTimeout_range() {
        assertThatThrownBy(() -> PullSpec.builder().timeout(Duration.ZERO))
                .isInstanceOf(InvalidInputException.class).hasMessage("timeout: must be a positive duration");
        assertThatThrownBy(() -> PullSpec.builder().timeout(Duration.ofDays(8)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("timeout: must be at most 604800 seconds");
    }

    @Test
    void testSerialization_travelsAsItIs() throws Exception {
        PullSpec spec = PullSpec.builder().image("reg.example.com/team/app:1.2@" + DIGEST_A).platform("linux/amd64")
                .requireDigest(true).timeout(Duration.ofSeconds(90)).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(spec);
        }
    }

    @Test
    void testPullOptions_takeTheSpec(@TempDir Path dir) throws Exception {
        PullSpec spec = PullSpec.builder().image("reg.example.com/app:1").platform("linux/arm64")
                .expectedDigest(DIGEST_A).insecure(true).requireDigest(true).timeout(Duration.ofMinutes(3)).build();

        PullOptions options = PullOptions.builder().spec(spec).storeDir(dir.resolve("store"))
                .sink(new OciLayoutSink(dir.resolve("out"), null, new JsonTrees())).build();

        assertThat(options.reference()).isEqualTo(spec.reference());
        assertThat(options.platform()).isEqualTo(spec.platform());
        assertThat(options.expectedDigest()).isEqualTo(spec.expectedDigest());
        assertThat(options.insecure()).isTrue();
        assertThat(options.timeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(options.verification().requireDigest()).isTrue();
    }
}
