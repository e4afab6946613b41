package io.jenkins.registrypull.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.reference.ImageReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference parser under a coverage-guided fuzzer. Runs over the seed inputs in every build
 * (regression mode) and is fuzzed for a bounded time by the {@code fuzz-reference} execution
 * of core/pom.xml. Properties: any input either parses or fails with {@link InvalidInputException}
 * (nothing else escapes), and whatever parses is canonical: printing and parsing again gives the
 * same reference, with a lowercase repository of at most 255 characters (the domain is not counted,
 * as in distribution/reference).
 */
class ReferenceParserFuzzTest {

    @FuzzTest(maxDuration = "40s")
    void parse(FuzzedDataProvider data) throws InvalidInputException {
        String input = data.consumeRemainingAsAsciiString();
        ImageReference ref;
        try {
            ref = ImageReference.parse(input);
        } catch (InvalidInputException expected) {
            assertThat(expected.field()).isEqualTo("image");
            return;
        }
        assertThat(ref.repository()).isLowerCase();
        assertThat(ref.repository().length()).isLessThanOrEqualTo(255);
        assertThat(ref.tag() != null || ref.digest() != null).isTrue();
        ImageReference again = ImageReference.parse(ref.toString());
        assertThat(again).isEqualTo(ref);
        assertThat(ref.apiHost()).doesNotContain("/");
    }
}
