package io.jenkins.registrypull.auth;

import io.jenkins.registrypull.json.JsonTrees;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.InvalidRegistryAnswerException;
import io.jenkins.registrypull.http.ErrorResponses;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile token server or registry answers, under a coverage-guided fuzzer (regression mode in every
 * build, bounded fuzzing in the {@code fuzz-answers} execution of core/pom.xml): a token answer is either a
 * token fit for an Authorization header with a lifetime between 1 s and a day, or an
 * {@link InvalidRegistryAnswerException}, never another exception (issue 17: {@code ArithmeticException} from
 * {@code expires_in}, {@code IllegalArgumentException} from OkHttp on a token with a newline); a
 * {@code Retry-After} is null or between zero and a day, never an overflow.
 */
class RegistryAnswerFuzzTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final TokenClient tokens = new TokenClient(new JsonTrees(), CLOCK);

    @FuzzTest(maxDuration = "20s")
    void tokenAnswer(FuzzedDataProvider data) throws Exception {
        String retryAfter = data.consumeString(64);
        Duration wait = ErrorResponses.parseRetryAfter(retryAfter, CLOCK);
        if (wait != null) {
            assertThat(wait).isBetween(Duration.ZERO, ErrorResponses.MAX_RETRY_AFTER);
        }
        byte[] body = data.consumeRemainingAsBytes();
        Response response = new Response.Builder().request(new Request.Builder().url("https://127.0.0.1/token")
                .build()).protocol(Protocol.HTTP_1_1).code(200).message("OK")
                .body(ResponseBody.create(body, null)).build();
        BearerToken token;
        try {
            token = tokens.read(response, Credential.anonymous(), "getting a pull token", "team/app");
        } catch (InvalidRegistryAnswerException refused) {
            assertThat(refused.getMessage()).startsWith("The token server answered with something that is not a token");
            return;
        }
        String value = token.token().reveal();
        new Request.Builder().url("https://127.0.0.1/v2/").header("Authorization", "Bearer " + value).build();
        assertThat(Duration.between(NOW, token.expiresAt())).isBetween(Duration.ZERO, TokenClient.MAX_LIFETIME);
        assertThat(token.isFresh(NOW)).isIn(true, false);
    }
}
