package io.jenkins.registrypull.testing;

import io.jenkins.registrypull.pull.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock and a sleeper in one: sleeping records the wait and moves the clock on by it at once, so
 * backoff, Retry-After and deadlines are tested without waiting. The clock otherwise follows the
 * real one (TLS and token servers still see real time pass).
 */
public final class FakeTime extends Clock implements Sleeper {

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private volatile Duration ahead = Duration.ZERO;

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        synchronized (this) {
            ahead = ahead.plus(duration);
        }
    }

    /** Every wait asked for, in order. */
    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(ahead);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
