package io.jenkins.registrypull.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jenkins.registrypull.auth.Challenge;
import io.jenkins.registrypull.auth.ChallengeParser;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WWW-Authenticate parser under a coverage-guided fuzzer (regression mode in every build,
 * bounded fuzzing in the {@code fuzz-challenge} execution of core/pom.xml). Two properties:
 * arbitrary header text never makes it throw; and a well-formed header built from fuzzed
 * schemes, names and values (quoted, with commas, quotes and backslashes inside) parses back to
 * exactly what was written.
 */
class ChallengeParserFuzzTest {

    @FuzzTest(maxDuration = "40s")
    void parse(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            List<Challenge> any = ChallengeParser.parse(data.consumeRemainingAsString());
            for (Challenge c : any) {
                assertThat(c.scheme()).isNotEmpty();
                c.parameters().keySet().forEach(k -> assertThat(k).isEqualTo(k.toLowerCase(Locale.ROOT)));
            }
            return;
        }
        int count = data.consumeInt(1, 3);
        StringBuilder header = new StringBuilder();
        String[] schemes = new String[count];
        List<Map<String, String>> expected = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            schemes[i] = token(data, "Bearer");
            Map<String, String> params = new LinkedHashMap<>();
            int n = data.consumeInt(1, 4);
            header.append(i == 0 ? "" : ", ").append(schemes[i]).append(' ');
            for (int j = 0; j < n; j++) {
                String name = token(data, "p" + j).toLowerCase(Locale.ROOT);
                if (params.containsKey(name)) {
                    continue;
                }
                String value = data.consumeString(40);
                params.put(name, value);
                header.append(params.size() == 1 ? "" : ",").append(name).append("=\"")
                        .append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            expected.add(params);
        }
        List<Challenge> parsed = ChallengeParser.parse(header.toString());
        assertThat(parsed).as(header.toString()).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(parsed.get(i).scheme()).isEqualTo(schemes[i]);
            assertThat(parsed.get(i).parameters()).as(header.toString()).isEqualTo(expected.get(i));
        }
    }

    /** A non-empty RFC 7230 token (letters, digits and tchar symbols). */
    private static String token(FuzzedDataProvider data, String fallback) {
        String raw = data.consumeAsciiString(12);
        StringBuilder t = new StringBuilder();
        for (char c : raw.toCharArray()) {
            if (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0) {
                t.append(c);
            }
        }
        return t.length() == 0 ? fallback : t.toString();
    }
}
