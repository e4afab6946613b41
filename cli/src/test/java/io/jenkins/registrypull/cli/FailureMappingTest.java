package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.error.FailureKind;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.error.LocalStorageException;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.error.SignatureVerificationException;
import io.jenkins.registrypull.error.TooManyRequestsException;
import io.jenkins.registrypull.error.UnauthorizedException;
import io.jenkins.registrypull.http.RateLimit;
import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.reference.Digest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's one mapping from a failure's data to exit code and advice, and the rate limit in its JSON. */
class FailureMappingTest {

    @Test
    void testExitCodes_fromTheKind_forEveryKind() {
        for (FailureKind kind : FailureKind.values()) {
            assertThat(ExitCodes.of(kind)).as(kind.name()).isBetween(ExitCodes.FAILURE, ExitCodes.REDIRECT_REFUSED);
        }
        assertThat(ExitCodes.of(new InvalidInputException("--platform", "bad"))).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(ExitCodes.of(new UnauthorizedException("m", 401, List.of()))).isEqualTo(ExitCodes.AUTH);
        assertThat(ExitCodes.of(new LocalStorageException("disk full", new IOException("No space left on device"))))
                .as("a full disk is not a registry failure").isEqualTo(ExitCodes.FAILURE);
        assertThat(ExitCodes.of(new IllegalStateException())).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void testAdvice_namesThisCommandsOptions() {
        assertThat(FailureHandler.advice(new UnauthorizedException("m", 401, List.of())))
                .contains("--username", "--password-stdin");
        assertThat(FailureHandler.advice(new TooManyRequestsException("m", List.of(), null))).contains("--username");
        assertThat(FailureHandler.advice(new RegistryConnectionException(FailureKind.UNTRUSTED_CERTIFICATE, "m", null,
                false))).contains("--ca-cert");
        assertThat(FailureHandler.advice(new SignatureVerificationException(
                SignatureVerificationException.Reason.MISSING, "m"))).contains("--require-signature");
        assertThat(FailureHandler.advice(new SignatureVerificationException(
                SignatureVerificationException.Reason.BAD_SIGNATURE, "m"))).contains("--verify-key");
        assertThat(FailureHandler.advice(new RegistryConnectionException(FailureKind.TLS, "m", null, true)))
                .contains("--insecure-registry");
        assertThat(FailureHandler.advice(new RegistryConnectionException("m", null, true))).isEmpty();
    }

    @Test
    void testJson_rateLimitObject_onlyWhenReported() {
        Digest d = Digest.sha256(new byte[] {1});
        PullResult without = new PullResult("reg/app:1", d, "m", null, null, d, List.<Descriptor>of(), 1, 1, 0,
                Duration.ZERO, "out", null, List.of(), null, null, null, null);
        assertThat(ResultJson.of(without, new JsonTrees()).has("rateLimit")).isFalse();
        PullResult with = new PullResult("reg/app:1", d, "m", null, null, d, List.<Descriptor>of(), 1, 1, 0,
                Duration.ZERO, "out", null, List.of(), null, null, null,
                new RateLimit(100, 76, Duration.ofHours(6), "192.0.2.7"));
        assertThat(ResultJson.of(with, new JsonTrees()).get("rateLimit").toString())
                .isEqualTo("{\"limit\":100,\"remaining\":76,\"windowSeconds\":21600,\"source\":\"192.0.2.7\"}");
    }
}
