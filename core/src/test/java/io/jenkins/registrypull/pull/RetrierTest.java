package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.error.FailureKind;
import io.jenkins.registrypull.error.PullTimeoutException;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.error.RegistryErrorException;
import io.jenkins.registrypull.error.RegistryUnavailableException;
import io.jenkins.registrypull.error.TooManyRequestsException;
import io.jenkins.registrypull.error.UnauthorizedException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which failures are tried again, how long the waits are, and what is thrown when the attempts or the time run out. */
class RetrierTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<String> infos = new ArrayList<>();
    private final PullListener listener = new PullListener() {
        @Override
        public void info(String message) {
            infos.add(message);
        }
    };

    /** Random is the bound itself: every backoff is its ceiling, so the waits are exact. */
    private Retrier retrier(int attempts, Duration untilDeadline) {
        return new Retrier(clock, sleeps::add, attempts, NOW.plus(untilDeadline), listener, bound -> bound);
    }

    private static RegistryConnectionException reset(boolean retryable) {
        return new RegistryConnectionException("I/O error with reg.example while fetching x: reset.", null, retryable);
    }

    @Test
    void testRetryableFailures_retriedWithGrowingBackoff_untilSuccess() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String result = retrier(5, Duration.ofHours(1)).call("the manifest", () -> {
            if (calls.incrementAndGet() <= 3) {
                throw reset(true);
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(4);
        assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000));
        assertThat(infos).hasSize(3).first().asString().startsWith("Retrying the manifest in 0.5 s (attempt 2 of 5)");
    }

    @Test
    void testNotRetryable_thrownAtOnce_evenAConnectionFailure() {
        AtomicInteger calls = new AtomicInteger();
        RegistryConnectionException unknownHost = reset(false);
        assertThatThrownBy(() -> retrier(5, Duration.ofHours(1)).call("x", () -> {
            calls.incrementAndGet();
            throw unknownHost;
        })).isSameAs(unknownHost);
        UnauthorizedException unauthorized = new UnauthorizedException("HTTP 401", 401, List.of());
        assertThatThrownBy(() -> retrier(5, Duration.ofHours(1)).call("x", () -> {
            calls.incrementAndGet();
            throw unauthorized;
        })).isSameAs(unauthorized);
        assertThat(calls).hasValue(2);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void testRetryable_isTheFailuresOwnData() {
        assertThat(Retrier.isRetryable(new RegistryErrorException("m", 408, List.of()))).isTrue();
        assertThat(Retrier.isRetryable(new RegistryErrorException("m", 409, List.of()))).isFalse();
        assertThat(Retrier.isRetryable(new RegistryErrorException("m", 204, List.of()))).isFalse();
        assertThat(Retrier.isRetryable(new RegistryUnavailableException("m", 502, List.of()))).isTrue();
        assertThat(Retrier.isRetryable(new TooManyRequestsException("m", List.of(), null))).isTrue();
        assertThat(Retrier.isRetryable(new PullTimeoutException("m"))).isFalse();
        // the words of a message decide nothing
        assertThat(Retrier.isRetryable(new RegistryConnectionException("retry later, it is transient", null)))
                .isFalse();
    }

    @Test
    void testTooManyRequests_waitsWhatRetryAfterSays() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        retrier(5, Duration.ofHours(1)).call("x", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new TooManyRequestsException("HTTP 429", List.of(), Duration.ofSeconds(42));
            }
            return null;
        });
        assertThat(sleeps).containsExactly(Duration.ofSeconds(42));
    }

    @Test
    void testExhausted_keepsTypeAndStatus_advisesOnce() {
        assertThatThrownBy(() -> retrier(3, Duration.ofHours(1)).call("x", () -> {
            throw new RegistryUnavailableException("HTTP 503 from reg: the registry failed to answer. Retry later.",
                    503, List.of());
        })).isInstanceOfSatisfying(RegistryUnavailableException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.getMessage()).startsWith("Gave up after 3 attempts. HTTP 503")
                    .doesNotContain("Retry the pull later"); // the registry's answer already says to retry
        });
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void testExhausted_statusWithoutAdvice_getsTheRetryAdvice() {
        assertThatThrownBy(() -> retrier(2, Duration.ofHours(1)).call("x", () -> {
            throw new RegistryErrorException("HTTP 408 from reg: unexpected answer.", 408, List.of());
        })).isInstanceOfSatisfying(RegistryErrorException.class, e -> {
            assertThat(e.status()).isEqualTo(408);
            assertThat(e.kind()).isEqualTo(FailureKind.UNEXPECTED_STATUS);
            assertThat(e.getMessage()).contains("Retry the pull later");
        });
    }

    @Test
    void testExhaustedConnection_getsTheRetryAdvice() {
        assertThatThrownBy(() -> retrier(2, Duration.ofHours(1)).call("x", () -> {
            throw new RegistryConnectionException("Fetching blob b: the answer ended after 5 of its 9 bytes.", null,
                    true);
        })).hasMessage("Gave up after 2 attempts. Fetching blob b: the answer ended after 5 of its 9 bytes. Retry the"
                + " pull later; if the registry keeps failing, check its health (and any proxy between it and this"
                + " machine).");
    }

    @Test
    void testExhaustedConnection_keepsKindAndCause_notRetryableAgain() {
        RegistryConnectionException last = reset(true);
        assertThatThrownBy(() -> retrier(2, Duration.ofHours(1)).call("x", () -> {
            throw last;
        })).isInstanceOfSatisfying(RegistryConnectionException.class, e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION);
            assertThat(e.retryable()).as("an outer retrier must not start over").isFalse();
            assertThat(e.getCause()).isSameAs(last);
        });
    }

    @Test
    void testWaitPastTheDeadline_failsAtOnce() {
        assertThatThrownBy(() -> retrier(5, Duration.ofSeconds(10)).call("x", () -> {
            throw new TooManyRequestsException("HTTP 429", List.of(), Duration.ofMinutes(5));
        })).isInstanceOfSatisfying(PullTimeoutException.class, e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("the registry's Retry-After").doesNotContain("--timeout");
        });
        assertThat(sleeps).isEmpty();
    }

    @Test
    void testDeadlinePassed_failsWithTheLastFailure() {
        RegistryConnectionException last = reset(true);
        assertThatThrownBy(() -> retrier(5, Duration.ZERO).call("x", () -> {
            throw last;
        })).isInstanceOf(PullTimeoutException.class).hasCause(last);
    }

    @Test
    void testProgress_resetsTheCount() throws Exception {
        Retrier.Attempts attempts = retrier(2, Duration.ofHours(1)).start("blob");
        attempts.failed(reset(true));
        assertThat(attempts.failures()).isEqualTo(1);
        attempts.progressed();
        attempts.failed(reset(true)); // would be the last of 2 attempts without the progress
        assertThat(attempts.failures()).isEqualTo(1);
    }

    @Test
    void testBackoff_cappedAtThirtySeconds() {
        Retrier r = retrier(50, Duration.ofHours(1));
        assertThat(r.backoff(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(r.backoff(7)).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.backoff(40)).isEqualTo(Duration.ofSeconds(30));
        Retrier none = new Retrier(clock, sleeps::add, 5, NOW.plusSeconds(60), listener, bound -> 0);
        assertThat(none.backoff(3)).as("full jitter reaches zero").isZero();
    }
}
