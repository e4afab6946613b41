package io.jenkins.registrypull.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What {@link FaultProxy} does to one matching exchange instead of relaying it faithfully.
 * Byte positions count within the response body.
 */
public sealed interface Fault {

    /** Sends the headers (with the full Content-Length) and the first {@code bytes} body bytes, then drops the connection. */
    record CutAt(long bytes) implements Fault {
    }

    /** Flips one bit of the body byte at {@code position}. */
    record FlipByte(long position) implements Fault {
    }

    /** A well-formed but short answer: only the first {@code bytes} body bytes, with a matching Content-Length. */
    record Truncate(long bytes) implements Fault {
    }

    /**
     * Sends {@code bytes} body bytes, then nothing for {@code stall}, and so on until the body is sent (MockWebServer's
     * throttle): a body of N times {@code bytes} stalls N - 1 times.
     */
    record Stall(long bytes, Duration stall) implements Fault {
    }

    /** Streams the body at {@code bytesPerSecond}. */
    record Slow(long bytesPerSecond) implements Fault {
    }

    /** Answers {@code status} with a registry error body carrying {@code code}; nothing reaches the registry. */
    record Status(int status, String code, String retryAfter) implements Fault {
        public static Status of(int status) {
            return new Status(status, status >= 500 ? "UNKNOWN" : "UNSUPPORTED", null);
        }

        public static Status tooManyRequests(String retryAfter) {
            return new Status(429, "TOOMANYREQUESTS", retryAfter);
        }
    }

    /** Relays the registry's answer with its body replaced (headers kept, Content-Length fixed, digest header dropped). */
    record ReplaceBody(UnaryOperator<byte[]> change) implements Fault {
    }

    /** Relays the request without its {@code Range} header: the registry answers 200 with the whole blob. */
    record IgnoreRange() implements Fault {
    }

    /** Relays a ranged request asking for {@code shift} bytes later than the client did: a 206 for the wrong range. */
    record ShiftRange(long shift) implements Fault {
    }

    /**
     * Adds {@code headers} to the answer (e.g. the {@code ratelimit-*} headers Docker Hub sends): to the registry's own
     * answer when {@code instead} is null, else to the answer of that {@link Status} fault.
     */
    record AddHeaders(Map<String, String> headers, Status instead) implements Fault {
        public AddHeaders {
            headers = Map.copyOf(headers);
        }
    }

    /** Answers a redirect to {@code location} (e.g. a second server playing blob storage). */
    record Redirect(int status, String location) implements Fault {
    }
}
