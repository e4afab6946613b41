package io.jenkins.registrypull.mirror;

import io.jenkins.registrypull.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistriesConfParserTest {

    private static RegistriesConf parse(String text) throws InvalidInputException {
        return RegistriesConfParser.parse(text, "registries.conf");
    }

    @Test
    void testParse_everySupportedField() throws Exception {
        RegistriesConf conf = parse("""
                [[registry]]
                prefix = "example.com/foo"
                location = "internal.example.com/bar/foo"
                insecure = true
                mirror-by-digest-only = false

                [[registry.mirror]]
                location = "mirror-1.example.com:5000/foo"
                insecure = true
                pull-from-mirror = "digest-only"

                [[registry.mirror]]
                location = "mirror-2.example.com/foo/"

                [[registry]]
                location = "blocked.example.com"
                blocked = true
                """);

        assertThat(conf.unsupported()).isEmpty();
        assertThat(conf.registries()).hasSize(2);
        RegistryRule first = conf.registries().get(0);
        assertThat(first.prefix()).isEqualTo("example.com/foo");
        assertThat(first.location()).isEqualTo("internal.example.com/bar/foo");
        assertThat(first.insecure()).isTrue();
        assertThat(first.mirrors()).extracting(MirrorRule::location)
                .containsExactly("mirror-1.example.com:5000/foo", "mirror-2.example.com/foo");
        assertThat(first.mirrors()).extracting(MirrorRule::pullFromMirror)
                .containsExactly(PullFromMirror.DIGEST_ONLY, PullFromMirror.ALL);
        assertThat(first.mirrors().get(0).insecure()).isTrue();
        RegistryRule second = conf.registries().get(1);
        assertThat(second.prefix()).isEqualTo("blocked.example.com"); // the prefix defaults to the location
        assertThat(second.blocked()).isTrue();
    }

    @Test
    void testParse_unsupportedAndUnknownSettings_areReportedNotDropped() throws Exception {
        RegistriesConf conf = parse("""
                unqualified-search-registries = ["docker.io"]
                short-name-mode = "enforcing"
                credential-helpers = ["pass"]
                mystery = 1

                [aliases]
                "busybox" = "docker.io/library/busybox"

                [[registry]]
                location = "a.example.com"
                mirror-by-digest-onyl = true

                [[registry.mirror]]
                location = "m.example.com"
                insecrue = true
                """);
        assertThat(conf.unsupported()).hasSize(7);
        assertThat(String.join("\n", conf.unsupported()))
                .contains("'unqualified-search-registries' is not applied")
                .contains("'short-name-mode' is not applied")
                .contains("'aliases' is not applied")
                .contains("'credential-helpers' is not applied")
                .contains("unknown setting 'mystery'")
                .contains("[[registry]] #1 mirror-by-digest-onyl: unknown setting")
                .contains("[[registry.mirror]] #1 insecrue: unknown setting");
    }

    @Test
    void testParse_badInput_namesTheFieldAndWhatIsAccepted() {
        assertThatThrownBy(() -> parse("[[registry]]\nlocation = \"a\"\ninsecure = \"yes\"\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("[[registry]] #1 insecure").hasMessageContaining("true or false");
        assertThatThrownBy(() -> parse("[[registry]]\nlocation = \"a\"\n[[registry.mirror]]\nlocation = \"m\"\n"
                + "pull-from-mirror = \"sometimes\"\n"))
                .hasMessageContaining("pull-from-mirror").hasMessageContaining("all, digest-only, tag-only");
        assertThatThrownBy(() -> parse("[[registry]]\nlocation = \"https://a.example.com\"\n"))
                .hasMessageContaining("URI schemes are not accepted");
        assertThatThrownBy(() -> parse("[[registry]]\ninsecure = true\n"))
                .hasMessageContaining("neither prefix nor location");
        assertThatThrownBy(() -> parse("[[registry]]\nprefix = \"a.example.com\"\n"))
                .hasMessageContaining("location").hasMessageContaining("wildcard");
        assertThatThrownBy(() -> parse("[[registry]]\nprefix = \"*.example.com/foo\"\n"))
                .hasMessageContaining("*.domain only");
        assertThatThrownBy(() -> parse("[[registry]]\nlocation = \"a\"\n[[registry.mirror]]\ninsecure = true\n"))
                .hasMessageContaining("[[registry.mirror]] #1 location");
        assertThatThrownBy(() -> parse("[[registry]]\nlocation = \"a\"\nmirror-by-digest-only = true\n"
                + "[[registry.mirror]]\nlocation = \"m\"\npull-from-mirror = \"tag-only\"\n"))
                .hasMessageContaining("cannot be set together with mirror-by-digest-only");
        assertThatThrownBy(() -> parse("[[registry]]\nlocation = \"a\"\npull-from-mirror = \"all\"\n"))
                .hasMessageContaining("belongs on a [[registry.mirror]]");
        assertThatThrownBy(() -> parse("[registries.search]\nregistries = [\"docker.io\"]\n"))
                .hasMessageContaining("version 1 format");
        assertThatThrownBy(() -> parse("[[registry]\n")).hasMessageContaining("not valid TOML");
        assertThatThrownBy(() -> parse("[[registry]]\nprefix = \"p1\"\nlocation = \"a\"\ninsecure = true\n"
                + "[[registry]]\nprefix = \"p2\"\nlocation = \"a\"\n"))
                .hasMessageContaining("different 'insecure' settings");
    }

    @Test
    void testParse_repeatedPrefix_firstWinsAndIsReported() throws Exception {
        RegistriesConf conf = parse("[[registry]]\nlocation = \"a.example.com\"\n[[registry.mirror]]\n"
                + "location = \"m1.example.com\"\n[[registry]]\nlocation = \"a.example.com\"\n[[registry.mirror]]\n"
                + "location = \"m2.example.com\"\n");
        assertThat(conf.registries()).singleElement().extracting(r -> r.mirrors().get(0).location())
                .isEqualTo("m1.example.com");
        assertThat(conf.unsupported()).singleElement().asString().contains("repeats prefix 'a.example.com'");
    }

    @Test
    void testFind_longestPrefixAndWildcards() throws Exception {
        RegistriesConf conf = parse("""
                [[registry]]
                location = "example.com"
                [[registry]]
                prefix = "example.com/team"
                location = "team.example.com"
                [[registry]]
                prefix = "*.corp.example"
                """);
        assertThat(conf.find("example.com/team/app:1").prefix()).isEqualTo("example.com/team");
        assertThat(conf.find("example.com/other/app:1").prefix()).isEqualTo("example.com");
        assertThat(conf.find("example.com/teamwork/app:1").prefix()).isEqualTo("example.com");
        assertThat(conf.find("example.company/app:1")).isNull();
        assertThat(conf.find("reg.corp.example/app@sha256:" + "a".repeat(64)).prefix()).isEqualTo("*.corp.example");
        assertThat(conf.find("a.b.corp.example:5000/app:1").prefix()).isEqualTo("*.corp.example");
        assertThat(conf.find("corp.example/app:1")).isNull();
        assertThat(conf.find("evil.example/x.corp.example/app:1")).isNull();
    }
}
