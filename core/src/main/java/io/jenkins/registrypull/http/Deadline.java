package io.jenkins.registrypull.http;

import io.jenkins.registrypull.error.PullTimeoutException;
import okhttp3.Call;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The instant a pull must be over by. Every call the pull makes (probe, token, manifest, blob, each
 * redirect hop) gets the time left as its OkHttp call timeout, which covers resolving, connecting,
 * writing the request, waiting for the answer and reading its body to the end: a registry that
 * trickles a body or never answers cannot hold a pull past it.
 */
public final class Deadline {

    /** OkHttp keeps call timeouts in nanoseconds; longer ones (centuries) are capped. */
    private static final Duration LONGEST = Duration.ofDays(365L * 100);

    private final Clock clock;
    private final Instant at;
    private final Duration timeout;

    private Deadline(Clock clock, Instant at, Duration timeout) {
        this.clock = clock;
        this.at = at;
        this.timeout = timeout;
    }

    /** {@code timeout} from now, as {@code clock} tells it. */
    public static Deadline after(Clock clock, Duration timeout) {
        Duration capped = timeout.compareTo(LONGEST) > 0 ? LONGEST : timeout;
        Instant now = clock.instant();
        Instant at;
        try {
            at = now.plus(capped);
        } catch (DateTimeException | ArithmeticException e) {
            at = Instant.MAX;
        }
        return new Deadline(clock, at, timeout);
    }

    /** No deadline (calls are bounded by the read timeout only); for tools and tests that run one call. */
    public static Deadline none() {
        return new Deadline(Clock.systemUTC(), Instant.MAX, LONGEST);
    }

    public Instant at() {
        return at;
    }

    /** The time left, zero once passed. */
    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), at);
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        return left.compareTo(LONGEST) > 0 ? LONGEST : left;
    }

    public boolean passed() {
        return remaining().isZero();
    }

    /**
     * Gives {@code call} the time left as its call timeout, before it is executed.
     *
     * @throws PullTimeoutException when no time is left: the call is not made
     */
    public Call bound(Call call, String action) throws PullTimeoutException {
        Duration left = remaining();
        if (left.isZero()) {
            throw expired(action);
        }
        call.timeout().timeout(left.toNanos(), TimeUnit.NANOSECONDS);
        return call;
    }

    /** The failure of a pull whose deadline passed while it was doing {@code action}. */
    public PullTimeoutException expired(String action) {
        return expired(timeout, action);
    }

    /** The failure of a pull whose deadline passed while it was doing {@code action}, when the timeout is unknown. */
    public static PullTimeoutException expired(Duration timeout, String action) {
        String limit = timeout == null || timeout.compareTo(LONGEST) >= 0 ? "" : " (its timeout of "
                + describe(timeout) + ")";
        return new PullTimeoutException("The pull did not finish before its deadline" + limit + ": it ran out while "
                + action + ". Raise the pull's timeout (one hour by default) or check why the"
                + " registry is this slow.");
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
