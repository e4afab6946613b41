package io.jenkins.registrypull.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChallengeParserTest {

    @Test
    void testParse_registryBearerChallenge() {
        List<Challenge> challenges = ChallengeParser.parse(
                "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\","
                        + "scope=\"repository:team/app:pull,push\"");
        assertThat(challenges).singleElement().satisfies(c -> {
            assertThat(c.isBearer()).isTrue();
            assertThat(c.realm()).isEqualTo("https://auth.example.com/token");
            assertThat(c.service()).isEqualTo("registry.example.com");
            assertThat(c.scope()).isEqualTo("repository:team/app:pull,push");
        });
    }

    @Test
    void testParse_schemeIsCaseInsensitiveAndParamNamesAreLowercased() {
        Challenge c = ChallengeParser.parse("bEaReR REALM=\"https://a/t\", Service=svc").get(0);
        assertThat(c.isBearer()).isTrue();
        assertThat(c.realm()).isEqualTo("https://a/t");
        assertThat(c.service()).isEqualTo("svc");
    }

    @Test
    void testParse_unquotedValuesAndBadWhitespace() {
        Challenge c = ChallengeParser.parse("Bearer realm = https://a/t ,  service= svc ,error=invalid_token").get(0);
        assertThat(c.parameters()).containsEntry("realm", "https://a/t").containsEntry("service", "svc")
                .containsEntry("error", "invalid_token");
    }

    @Test
    void testParse_severalChallengesInOneHeader() {
        List<Challenge> challenges = ChallengeParser.parse(
                "Basic realm=\"Registry Realm\", Bearer realm=\"https://a/t\",service=\"s\", Negotiate");
        assertThat(challenges).extracting(Challenge::scheme).containsExactly("Basic", "Bearer", "Negotiate");
        assertThat(challenges.get(0).realm()).isEqualTo("Registry Realm");
        assertThat(challenges.get(1).service()).isEqualTo("s");
        assertThat(challenges.get(2).parameters()).isEmpty();
    }

    @Test
    void testParse_severalHeaders() {
        List<Challenge> challenges = ChallengeParser.parse(List.of("Basic realm=x", "Bearer realm=\"y\""));
        assertThat(challenges).extracting(Challenge::realm).containsExactly("x", "y");
    }

    @Test
    void testParse_commasAndEscapesInsideQuotes() {
        Challenge c = ChallengeParser.parse(
                "Bearer realm=\"https://a/t?x=1,2\",scope=\"repository:a:pull,push repository:b:pull\","
                        + "error_description=\"say \\\"hi\\\", then \\\\ go\"").get(0);
        assertThat(c.realm()).isEqualTo("https://a/t?x=1,2");
        assertThat(c.scope()).isEqualTo("repository:a:pull,push repository:b:pull");
        assertThat(c.parameter("error_description")).isEqualTo("say \"hi\", then \\ go");
    }

    @Test
    void testParse_token68() {
        Challenge c = ChallengeParser.parse("Negotiate YWxhZGRpbjpvcGVuc2VzYW1l==, Basic realm=r").get(0);
        assertThat(c.scheme()).isEqualTo("Negotiate");
        assertThat(c.parameters()).isEqualTo(Map.of("", "YWxhZGRpbjpvcGVuc2VzYW1l=="));
    }

    @Test
    void testParse_emptyCommaListElementsAreIgnored() {
        List<Challenge> challenges = ChallengeParser.parse(" , ,Basic realm=\"a\",, ,Bearer realm=b,");
        assertThat(challenges).extracting(Challenge::realm).containsExactly("a", "b");
    }

    @Test
    void testParse_garbageNeverThrows() {
        for (String junk : new String[] {"", "   ", "=", "\"", "Bearer realm=\"unterminated", "Bearer ,,,=,=",
                "Bearer realm=a b c", "@@@ Basic realm=x", "Bearer realm=\"a\" trailing, Basic"}) {
            assertThat(ChallengeParser.parse(junk)).isNotNull();
        }
        assertThat(ChallengeParser.parse("Bearer realm=\"unterminated").get(0).realm()).isEqualTo("unterminated");
        assertThat(ChallengeParser.parse("@@@ Basic realm=x")).extracting(Challenge::scheme).contains("Basic");
    }

    @Test
    void testParse_duplicateParameterKeepsTheFirst() {
        assertThat(ChallengeParser.parse("Bearer realm=a, realm=b").get(0).realm()).isEqualTo("a");
    }

    @Test
    void testParse_endsRightAfterEquals() {
        // found by ChallengeParserFuzzTest: the parser read past the end
        // directly after the scheme, "realm=" is a valid token68 (RFC 7235 allows trailing '=')
        assertThat(ChallengeParser.parse("Bearer realm=").get(0).parameters()).containsEntry("", "realm=");
        assertThat(ChallengeParser.parse("Bearer a=b, c = ").get(0).parameters()).containsEntry("c", "");
    }
}
