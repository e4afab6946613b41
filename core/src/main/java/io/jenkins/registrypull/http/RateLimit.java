package io.jenkins.registrypull.http;

import okhttp3.Headers;

import java.time.Duration;
import java.util.Locale;

/**
 * A pull rate limit as Docker Hub reports it on every manifest answer: {@code ratelimit-limit: 100;w=21600},
 * {@code ratelimit-remaining: 76;w=21600} (pulls allowed and left in a window of {@code w} seconds) and
 * {@code docker-ratelimit-source} (the IP address or account the pulls are counted for). Nothing in it is secret.
 *
 * @param limit     pulls allowed per window
 * @param remaining pulls left in the current window
 * @param window    the window's length, or null when the registry did not say
 * @param source    what the pulls are counted for, or null when the registry did not say
 */
public record RateLimit(long limit, long remaining, Duration window, String source) {

    private static final int MAX_SOURCE = 100;

    /** The rate limit in {@code headers}, or null when they carry none (or none readable). */
    public static RateLimit of(Headers headers) {
        Quota limit = Quota.parse(headers.get("ratelimit-limit"));
        Quota remaining = Quota.parse(headers.get("ratelimit-remaining"));
        if (limit == null || remaining == null) {
            return null;
        }
        Duration window = limit.window() != null ? limit.window() : remaining.window();
        return new RateLimit(limit.count(), remaining.count(), window, printable(headers.get("docker-ratelimit-source")));
    }

    /** One line, e.g. {@code 76 of 100 pulls left per 6 h (counted for 192.0.2.1)}. */
    public String describe() {
        return remaining + " of " + limit + " pulls left" + (window != null ? " per " + describe(window) : "")
                + (source != null ? " (counted for " + source + ")" : "");
    }

    private static String describe(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + " h";
        }
        return s % 60 == 0 ? s / 60 + " min" : s + " s";
    }

    private static String printable(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_SOURCE
                || !value.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            return null; // the registry's text goes into logs: only a short printable token is kept
        }
        return value;
    }

    /** {@code N} or {@code N;w=SECONDS} (draft-ietf-httpapi-ratelimit-headers, as Docker Hub sends it). */
    private record Quota(long count, Duration window) {
        static Quota parse(String value) {
            if (value == null) {
                return null;
            }
            String[] parts = value.split(";");
            Long count = number(parts[0]);
            if (count == null) {
                return null;
            }
            Duration window = null;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim().toLowerCase(Locale.ROOT);
                if (p.startsWith("w=")) {
                    Long seconds = number(p.substring(2));
                    window = seconds == null || seconds == 0 ? null : Duration.ofSeconds(seconds);
                }
            }
            return new Quota(count, window);
        }

        private static Long number(String text) {
            String t = text.trim();
            if (t.isEmpty() || t.length() > 12 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            return Long.parseLong(t);
        }
    }
}
