package io.jenkins.registrypull.mirror;

import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.reference.ImageReference;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourcePlannerTest {

    private static final String DIGEST = "sha256:" + "b".repeat(64);

    private static List<String> plan(String conf, String image) throws InvalidInputException {
        return new SourcePlanner(RegistriesConfParser.parse(conf, "registries.conf"))
                .plan(ImageReference.parse(image), false, null).stream().map(PullSource::describe).toList();
    }

    @Test
    void testNoRule_theRegistryAlone() throws Exception {
        assertThat(plan("", "busybox:1.36")).containsExactly("registry https://registry-1.docker.io/library/busybox");
    }

    @Test
    void testMirrorsThenRegistry_withLocationRewrites() throws Exception {
        String conf = """
                [[registry]]
                prefix = "example.com/foo"
                location = "internal.example.com/bar/foo"
                [[registry.mirror]]
                location = "mirror-1.example.com:5000/cache/foo"
                insecure = true
                [[registry.mirror]]
                location = "mirror-2.example.com"
                """;
        assertThat(plan(conf, "example.com/foo/app:1.2")).containsExactly(
                "mirror http://mirror-1.example.com:5000/cache/foo/app",
                "mirror https://mirror-2.example.com/app",
                "registry https://internal.example.com/bar/foo/app");
    }

    @Test
    void testPullFromMirror_andMirrorByDigestOnly() throws Exception {
        String perMirror = """
                [[registry]]
                location = "r.example.com"
                [[registry.mirror]]
                location = "digests.example.com"
                pull-from-mirror = "digest-only"
                [[registry.mirror]]
                location = "tags.example.com"
                pull-from-mirror = "tag-only"
                [[registry.mirror]]
                location = "all.example.com"
                """;
        assertThat(plan(perMirror, "r.example.com/app:1")).containsExactly("mirror https://tags.example.com/app",
                "mirror https://all.example.com/app", "registry https://r.example.com/app");
        assertThat(plan(perMirror, "r.example.com/app@" + DIGEST)).containsExactly(
                "mirror https://digests.example.com/app", "mirror https://all.example.com/app",
                "registry https://r.example.com/app");
        String onRegistry = """
                [[registry]]
                location = "r.example.com"
                mirror-by-digest-only = true
                [[registry.mirror]]
                location = "m.example.com"
                """;
        assertThat(plan(onRegistry, "r.example.com/app:1")).containsExactly("registry https://r.example.com/app");
        assertThat(plan(onRegistry, "r.example.com/app:1@" + DIGEST)).containsExactly(
                "mirror https://m.example.com/app", "registry https://r.example.com/app");
    }

    @Test
    void testDockerHub_mirrorGetsTheNamespace_andTheRegistryKeepsItsApiHost() throws Exception {
        List<PullSource> sources = new SourcePlanner(RegistriesConfParser.parse("""
                [[registry]]
                prefix = "docker.io"
                location = "docker.io"
                [[registry.mirror]]
                location = "hub-cache.example.com"
                """, "t")).plan(ImageReference.parse("busybox"), false, null);
        assertThat(sources.get(0).describe()).isEqualTo("mirror https://hub-cache.example.com/library/busybox");
        assertThat(sources.get(0).namespace()).isEqualTo("docker.io");
        assertThat(sources.get(1).describe()).isEqualTo("registry https://registry-1.docker.io/library/busybox");
        assertThat(sources.get(1).namespace()).isNull();
    }

    @Test
    void testWildcardWithoutLocation_keepsTheImagesOwnRegistry() throws Exception {
        assertThat(plan("[[registry]]\nprefix = \"*.corp.example\"\n[[registry.mirror]]\nlocation = \"m.corp.example\"\n",
                "build.corp.example/team/app:1")).containsExactly("mirror https://m.corp.example/team/app",
                "registry https://build.corp.example/team/app");
    }

    @Test
    void testBlocked_refusedNamingTheRule() {
        assertThatThrownBy(() -> plan("[[registry]]\nprefix = \"docker.io\"\nlocation = \"docker.io\"\nblocked = true\n",
                "busybox")).isInstanceOf(InvalidInputException.class).hasMessageContaining("image: docker.io/library/"
                + "busybox:latest is blocked by the registries.conf rule with prefix 'docker.io'");
    }

    @Test
    void testLocationWithoutAHost_refused() {
        assertThatThrownBy(() -> plan("[[registry]]\nprefix = \"r.example.com\"\nlocation = \"r.example.com\"\n"
                + "[[registry.mirror]]\nlocation = \"mirror\"\n", "r.example.com/app:1"))
                .hasMessageContaining("must start with a registry host");
    }
}
