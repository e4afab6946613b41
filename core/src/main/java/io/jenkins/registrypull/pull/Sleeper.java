package io.jenkins.registrypull.pull;

import java.time.Duration;

/**
 * Waits, between retries. Injected into {@link PullEngine} so that backoff and {@code Retry-After}
 * are tested by recording the waits instead of spending them.
 */
@FunctionalInterface
public interface Sleeper {

    /** {@link Thread#sleep}: the real wait. */
    Sleeper SYSTEM = duration -> {
        if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        }
    };

    /** Waits {@code duration}; an interrupt ends the wait with {@link InterruptedException}. */
    void sleep(Duration duration) throws InterruptedException;
}
