package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.error.PullTimeoutException;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.error.RegistryErrorException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.RegistryUnavailableException;
import io.jenkins.registrypull.error.TooManyRequestsException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * When and how long to wait before trying a failed registry request again.
 *
 * <p>Retried: connection failures (reset, cut, silence past the read timeout, refused while a
 * registry restarts, a TLS record that failed to decrypt), HTTP 5xx, 408 and 429. Never retried:
 * other 4xx (a 401 gets its one token refresh in the auth layer, below this, and is then final),
 * untrusted certificates, unknown hosts, refused addresses, verification failures (the blob fetch
 * handles those itself: once, from scratch).
 *
 * <p>Waits grow exponentially with full jitter (a random wait between zero and
 * {@code min(30 s, 0.5 s * 2^(n-1))} before attempt n+1: clients that failed together do not come
 * back together); a 429 waits what its {@code Retry-After} says (seconds or an HTTP date). No wait
 * goes past the pull's deadline: a wait that would is not started, and the pull fails at once
 * saying so. Attempts are bounded ({@code maxAttempts}, 5 by default).
 */
final class Retrier {

    static final Duration BASE = Duration.ofMillis(500);
    static final Duration CAP = Duration.ofSeconds(30);

    private final Clock clock;
    private final Sleeper sleeper;
    private final int maxAttempts;
    private final Instant deadline;
    private final PullListener listener;
    private final LongUnaryOperator random;

    Retrier(Clock clock, Sleeper sleeper, int maxAttempts, Instant deadline, PullListener listener) {
        this(clock, sleeper, maxAttempts, deadline, listener, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /** @param random given a bound, a uniformly random value between 0 and it, inclusive */
    Retrier(Clock clock, Sleeper sleeper, int maxAttempts, Instant deadline, PullListener listener,
            LongUnaryOperator random) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.maxAttempts = maxAttempts;
        this.deadline = deadline;
        this.listener = listener;
        this.random = random;
    }

    interface Operation<T> {
        T run() throws RegistryException, InterruptedException;
    }

    /** Runs {@code operation}, again after a wait while it fails in a way worth retrying. */
    <T> T call(String what, Operation<T> operation) throws RegistryException, InterruptedException {
        Attempts attempts = start(what);
        while (true) {
            try {
                return operation.run();
            } catch (RegistryException e) {
                attempts.failed(e);
            }
        }
    }

    Attempts start(String what) {
        return new Attempts(what);
    }

    Instant deadline() {
        return deadline;
    }

    /** The attempts at one request (or one blob). */
    final class Attempts {
        private final String what;
        private int failures;

        private Attempts(String what) {
            this.what = what;
        }

        /**
         * Records a failure. Returns, after the wait, when another attempt may succeed; throws the
         * failure (or one saying the retries or the deadline ran out) when not.
         */
        void failed(RegistryException failure) throws RegistryException, InterruptedException {
            if (!isRetryable(failure)) {
                throw failure;
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                throw new PullTimeoutException("The pull did not finish before its deadline: it ran out while trying "
                        + what + ". Last failure: " + failure.getMessage() + " Raise the pull's timeout (one hour by"
                        + " default) or check why the registry is this slow.", failure);
            }
            failures++;
            if (failures >= maxAttempts) {
                throw exhausted(failure, failures);
            }
            Duration retryAfter = failure instanceof TooManyRequestsException t ? t.retryAfter() : null;
            Duration wait = retryAfter != null ? retryAfter : backoff(failures);
            if (wait.compareTo(Duration.between(now, deadline)) > 0) {
                throw new PullTimeoutException("The pull would have to wait " + seconds(wait) + " before trying "
                        + what + " again (" + (retryAfter != null ? "the registry's Retry-After" : "backoff after "
                        + failures + " failures") + "), past its deadline in " + seconds(Duration.between(now,
                        deadline)) + ". Last failure: " + failure.getMessage()
                        + " Raise the pull's timeout or retry later.");
            }
            listener.info("Retrying " + what + " in " + seconds(wait) + " (attempt " + (failures + 1) + " of "
                    + maxAttempts + "): " + firstSentence(failure.getMessage()));
            sleeper.sleep(wait);
        }

        /** The attempt made real progress (a blob advanced): the failures before it no longer count. */
        void progressed() {
            failures = 0;
        }

        int failures() {
            return failures;
        }
    }

    /** Full jitter: uniformly random in [0, min(CAP, BASE * 2^(failures-1))]. */
    Duration backoff(int failures) {
        long ceiling = BASE.toMillis() << Math.min(failures - 1, 16);
        return Duration.ofMillis(random.applyAsLong(Math.min(ceiling, CAP.toMillis())));
    }

    static boolean isRetryable(RegistryException e) {
        return e.retryable();
    }

    private RegistryException exhausted(RegistryException last, int attempts) {
        String message = "Gave up after " + attempts + " attempts. " + last.getMessage() + (advisesRetry(last) ? ""
                : " Retry the pull later; if the registry keeps failing, check its health (and any proxy between"
                + " it and this machine).");
        RegistryException replaced;
        if (last instanceof TooManyRequestsException t) {
            replaced = new TooManyRequestsException(message, t.errors(), t.retryAfter());
        } else if (last instanceof RegistryUnavailableException u) {
            replaced = new RegistryUnavailableException(message, u.status(), u.errors());
        } else if (last instanceof RegistryErrorException r) {
            replaced = new RegistryErrorException(message, r.status(), r.errors());
        } else {
            return new RegistryConnectionException(last.kind(), message,
                    last.getCause() != null ? last.getCause() : last, false);
        }
        replaced.initCause(last);
        return replaced;
    }

    /**
     * Whether the message of a retryable failure already says what to do about it, so the advice is given once: the
     * registry's 429 and 5xx answers ({@code ErrorResponses}) do; a connection failure or another status does not.
     */
    private static boolean advisesRetry(RegistryException failure) {
        return switch (failure.kind()) {
            case RATE_LIMITED, REGISTRY_UNAVAILABLE -> true;
            default -> false;
        };
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String firstSentence(String message) {
        int end = message.indexOf(". ");
        return end > 0 ? message.substring(0, end + 1) : message;
    }
}
