package io.jenkins.registrypull.reference;

import io.jenkins.registrypull.error.InvalidInputException;
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
    void testParse_repositoryLengthLimit_pathOnly() throws Exception {
        // distribution/reference counts the path only: a long domain does not eat into the 255
        String path = "a/".repeat(127) + "a"; // 255
        assertThat(ReferenceParser.parse("reg.io/" + path + ":tag", "image").repository()).hasSize(255);
        assertThat(ReferenceParser.parse("example.com/" + "a".repeat(255), "image").repository()).hasSize(255);
        String longDomain = "d".repeat(60) + "." + "e".repeat(60) + ".example.com:5000";
        assertThat(ReferenceParser.parse(longDomain + "/" + path, "image").name()).hasSize(longDomain.length() + 256);
        assertThatThrownBy(() -> ReferenceParser.parse("reg.io/" + path + "b:tag", "image"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("256 characters long; at most 255");
        // docker normalises first, so Docker Hub's library/ counts towards the limit
        assertThat(ReferenceParser.parse(path, "image").repository()).hasSize(255);
        assertThatThrownBy(() -> ReferenceParser.parse("a".repeat(250), "image"))
                .hasMessageContaining("258 characters long; at most 255");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "reg.io:0/app | has port 0; a port is 1 to 65535",
            "reg.io:99999/app | has port 99999; a port is 1 to 65535",
            "reg.io:65536/app | has port 65536",
            "reg.io:12345678901234567890/app | has port 123456789012...; a port is 1 to 65535",
            "[:::]/app | not an IPv6 address",
            "[1:2]:5000/app | not an IPv6 address",
            "[1::2::3]/app | not an IPv6 address",
            "[12345::1]/app | not an IPv6 address",
            "[1:2:3:4:5:6:7:8:9]/app | not an IPv6 address",
            "[::1]:0/app | has port 0",
    })
    void testParse_unusableHostPort(String input, String fragment) {
        assertThatThrownBy(() -> ReferenceParser.parse(input, "image"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("image: registry '")
                .hasMessageContaining(fragment);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "reg.io:1/app | reg.io:1",
            "reg.io:65535/app | reg.io:65535",
            "[::1]:5000/app | [::1]:5000",
            "[fd00::1]/app | [fd00::1]",
            "[1:2:3:4:5:6:7:8]/app | [1:2:3:4:5:6:7:8]",
            "[1::]/app | [1::]",
    })
    void testParse_usableHostPort(String input, String domain) throws Exception {
        assertThat(ReferenceParser.parse(input, "image").domain()).isEqualTo(domain);
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
    void testDigest_uppercaseHexIsRefused() {
        // OCI digests are lowercase; docs/security.md promises the refusal (issue 17, item 7)
        assertThatThrownBy(() -> ImageReference.parse("reg.io/app@sha256:" + FS.toUpperCase()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("image: the digest's hex part has uppercase letters; digests are written in lowercase hex"
                        + " (0-9 a-f), e.g. sha256:" + FS);
    }

    @Test
    void testDigest_sha512() throws Exception {
        String hex = "f".repeat(128);
        assertThat(ImageReference.parse("xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + hex).digest())
                .isEqualTo(new Digest("sha512", hex));
    }
}
