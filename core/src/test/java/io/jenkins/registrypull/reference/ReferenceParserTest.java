package io.jenkins.registrypull.reference;

import io.jenkins.registrypull.api.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cases from distribution/reference's reference_test.go and normalize_test.go, normalised as docker does. */
class ReferenceParserTest {

    private static final String FS = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // input | domain | repository | tag | digest
            "test_com | docker.io | library/test_com | latest | -",
            "test.com:tag | docker.io | library/test.com | tag | -",
            "test.com:5000 | docker.io | library/test.com | 5000 | -",
            "test.com/repo:tag | test.com | repo | tag | -",
            "test:5000/repo | test:5000 | repo | latest | -",
            "test:5000/repo:tag | test:5000 | repo | tag | -",
            "test:5000/repo@sha256:" + FS + " | test:5000 | repo | - | sha256:" + FS,
            "test:5000/repo:tag@sha256:" + FS + " | test:5000 | repo | tag | sha256:" + FS,
            "lowercase:Uppercase | docker.io | library/lowercase | Uppercase | -",
            "sub-dom1.foo.com/bar/baz/quux | sub-dom1.foo.com | bar/baz/quux | latest | -",
            "sub-dom1.foo.com/bar/baz/quux:some-long-tag | sub-dom1.foo.com | bar/baz/quux | some-long-tag | -",
            "b.gcr.io/test.example.com/my-app:test.example.com | b.gcr.io | test.example.com/my-app | test.example.com | -",
            "xn--n3h.com/myimage:xn--n3h.com | xn--n3h.com | myimage | xn--n3h.com | -",
            "foo_bar.com:8080 | docker.io | library/foo_bar.com | 8080 | -",
            "foo/foo_bar.com:8080 | docker.io | foo/foo_bar.com | 8080 | -",
            "192.168.1.1 | docker.io | library/192.168.1.1 | latest | -",
            "192.168.1.1:tag | docker.io | library/192.168.1.1 | tag | -",
            "192.168.1.1/repo | 192.168.1.1 | repo | latest | -",
            "192.168.1.1:5000/repo:5050 | 192.168.1.1:5000 | repo | 5050 | -",
            "[2001:db8::1]/repo | [2001:db8::1] | repo | latest | -",
            "[2001:db8:1:2:3:4:5:6]/repo:tag | [2001:db8:1:2:3:4:5:6] | repo | tag | -",
            "[2001:db8::1]:5000/repo | [2001:db8::1]:5000 | repo | latest | -",
            "[::1]:5000/repo | [::1]:5000 | repo | latest | -",
            "localhost/repo | localhost | repo | latest | -",
            "localhost:5000/team/app:1.2 | localhost:5000 | team/app | 1.2 | -",
            "ubuntu | docker.io | library/ubuntu | latest | -",
            "docker.io/ubuntu | docker.io | library/ubuntu | latest | -",
            "index.docker.io/library/ubuntu:22.04 | docker.io | library/ubuntu | 22.04 | -",
            "index.docker.io/jenkins/jenkins | docker.io | jenkins/jenkins | latest | -",
            "dmcgowan/myapp | docker.io | dmcgowan/myapp | latest | -",
            "a__b/c--d/e.f | docker.io | a__b/c--d/e.f | latest | -",
            "reg.example.com/team/app:1.2 | reg.example.com | team/app | 1.2 | -",
    })
    void testParse_valid(String input, String domain, String repository, String tag, String digest) throws Exception {
        ImageReference ref = ReferenceParser.parse(input, "image");
        assertThat(ref.domain()).isEqualTo(domain);
        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ref.tag()).isEqualTo(tag);
        assertThat(ref.digest() == null ? null : ref.digest().toString()).isEqualTo(digest);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            // input | a fragment the message must contain
            "'' | an image reference is required",
            ":justtag | no repository name",
            "@sha256:" + FS + " | no repository name",
            "repo@sha256:ffffffffffffffffffffffffffffffffff | has 64 hex digits, this one has 34",
            "validname@invaliddigest:" + FS + " | 'invaliddigest' is not supported",
            "Uppercase:tag | must be lowercase",
            "test:5000/Uppercase/lowercase:tag | must be lowercase",
            "aa/asdf$$^/aa | repository path component 'asdf$$^' is invalid",
            "[2001:db8::1] | tag 'db8::1]' is invalid",
            "[2001:db8::1]:5000 | tag 'db8::1]:5000' is invalid",
            "[fe80::1%eth0]:5000/repo | registry '[fe80::1%eth0]:5000' is not a valid host",
            "repo:-tag | tag '-tag' is invalid",
            "repo:tag:tag | tag 'tag:tag' is invalid",
            "reg.io/team//app | empty path component",
            "reg.io/team/ | empty path component",
            "reg.io/ | no repository path",
            "reg.io/a_-b | 'a_-b' is invalid",
            "reg.io/-a | '-a' is invalid",
            "reg.io/a. | 'a.' is invalid",
            "'reg.io/team/app 1.2' | whitespace",
            FS + " | 64-digit image id",
            "reg.io:abc/app | registry 'reg.io:abc' is not a valid host",
            "-reg.io/app | registry '-reg.io' is not a valid host",
    })
    void testParse_invalid(String input, String fragment) {
        assertThatThrownBy(() -> ReferenceParser.parse(input, "image"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("image: ")
                .hasMessageContaining(fragment);
    }

    @Test
    void testParse_nameLengthLimit() throws Exception {
        String atLimit = "reg.io/" + "a/".repeat(123) + "ab";  // 7 + 246 + 2 = 255
        assertThat(atLimit.length()).isEqualTo(255);
        assertThat(ReferenceParser.parse(atLimit + ":tag", "image").name()).hasSize(255);
        assertThatThrownBy(() -> ReferenceParser.parse(atLimit + "c:tag", "image"))
                .hasMessageContaining("256 characters long; at most 255");
        // docker normalises first, so docker.io/library/ counts towards the limit
        assertThatThrownBy(() -> ReferenceParser.parse("a/".repeat(127) + "a:tag", "image"))
                .hasMessageContaining("at most 255");
    }

    @Test
    void testParse_tagLengthLimit() throws Exception {
        assertThat(ReferenceParser.parse("app:" + "t".repeat(128), "image").tag()).hasSize(128);
        assertThatThrownBy(() -> ReferenceParser.parse("app:" + "t".repeat(129), "image"))
                .hasMessageContaining("1 to 128 characters");
    }

    @Test
    void testParse_namesTheField() {
        assertThatThrownBy(() -> ReferenceParser.parse("UPPER", "images[2].image"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("images[2].image: ")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("images[2].image");
    }

    @Test
    void testApiHost_dockerHubIsServedByRegistry1() throws Exception {
        assertThat(ImageReference.parse("ubuntu").apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(ImageReference.parse("index.docker.io/library/ubuntu").apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(ImageReference.parse("localhost:5000/app").apiHost()).isEqualTo("localhost:5000");
    }

    @Test
    void testToString_canonical() throws Exception {
        assertThat(ImageReference.parse("ubuntu").toString()).isEqualTo("docker.io/library/ubuntu:latest");
        assertThat(ImageReference.parse("reg.io/app@sha256:" + FS).toString()).isEqualTo("reg.io/app@sha256:" + FS);
        assertThat(ImageReference.parse("reg.io/app:1@sha256:" + FS).manifestReference()).isEqualTo("sha256:" + FS);
    }

    @Test
    void testDigest_uppercaseHexIsNormalised() throws Exception {
        assertThat(ImageReference.parse("reg.io/app@sha256:" + FS.toUpperCase()).digest().hex()).isEqualTo(FS);
    }

    @Test
    void testDigest_sha512() throws Exception {
        String hex = "f".repeat(128);
        assertThat(ImageReference.parse("xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + hex).digest())
                .isEqualTo(new Digest("sha512", hex));
    }
}
