package io.jenkins.registrypull.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.AccessDeniedException;
import io.jenkins.registrypull.error.ErrorCode;
import io.jenkins.registrypull.error.NotFoundException;
import io.jenkins.registrypull.error.RegistryError;
import io.jenkins.registrypull.error.RegistryErrorException;
import io.jenkins.registrypull.error.RegistryUnavailableException;
import io.jenkins.registrypull.error.TooManyRequestsException;
import io.jenkins.registrypull.error.UnauthorizedException;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a registry's HTTP error into a typed exception whose message says what happened and
 * what to do. Only the status, the registry's error codes and its short messages go into the
 * text; the raw body never does. The words fit any front end: the Jenkins plugin and the command
 * line add how to give credentials in their own terms, from the exception's kind.
 */
public final class ErrorResponses {

    static final long MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_MESSAGE = 200;
    /**
     * Longest {@code Retry-After} believed; a larger one (up to 2^63-1 s) is read as this, which is past
     * any pull's deadline anyway: the pull then fails at once saying so, instead of overflowing.
     */
    public static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

    private final JsonTrees json;
    private final java.time.Clock clock;

    public ErrorResponses(JsonTrees json) {
        this(json, java.time.Clock.systemUTC());
    }

    /** @param clock the time an HTTP-date {@code Retry-After} is measured from */
    public ErrorResponses(JsonTrees json, java.time.Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /**
     * Describes what went wrong for a user.
     *
     * @param response     the failed response; its body is read (bounded) and closed
     * @param action       what we were doing, e.g. "fetching the manifest of reg.io/team/app:1.2"
     * @param repository   the repository name, for the advice
     * @param credential   the credential used: its secret-free description goes into the message
     * @param scopeMissing true when a bearer challenge said {@code insufficient_scope}
     */
    public RegistryErrorException toException(Response response, String action, String repository,
                                              Credential credential, boolean scopeMissing) {
        String who = credential.describe();
        boolean anonymous = credential instanceof Credential.Anonymous;
        int status = response.code();
        List<RegistryError> errors = readErrors(response);
        String codes = errors.isEmpty() ? "" : " " + errors.stream().map(RegistryError::toString)
                .collect(Collectors.joining(", "));
        String host = response.request().url().host() + portSuffix(response);
        String head = "HTTP " + status + codes + " from " + host + " while " + action + ": ";
        boolean denied = errors.stream().anyMatch(e -> e.code() == ErrorCode.DENIED);
        if (status == 403 || denied || (status == 401 && scopeMissing)) {
            return new AccessDeniedException(head + "the account (" + who + ") lacks pull rights on " + repository
                    + ". Ask the registry's administrator to grant it pull access, or use credentials that have it.",
                    status, errors);
        }
        if (status == 401) {
            String advice = anonymous
                    ? "the registry requires authentication. Give credentials for " + host + "."
                    : "the registry did not accept the credentials (" + who + "). Check that they hold a valid"
                            + " username and password or token for " + host + ".";
            return new UnauthorizedException(head + advice, status, errors);
        }
        if (status == 404) {
            String advice;
            if (errors.stream().anyMatch(e -> e.code() == ErrorCode.NAME_UNKNOWN)) {
                advice = "the repository " + repository + " does not exist on " + host
                        + " (or the account cannot see it). Check the image name.";
            } else if (errors.stream().anyMatch(e -> e.code() == ErrorCode.BLOB_UNKNOWN)) {
                advice = "the registry lacks a blob that the image's manifest references, so the image is broken"
                        + " on the registry. Push the image again.";
            } else {
                // registry 2.8 answers MANIFEST_UNKNOWN for an unknown repository too
                advice = "the tag or digest does not exist in " + repository + ", or the repository itself does"
                        + " not exist. Check the image name and tag (list the repository's tags on the registry).";
            }
            return new NotFoundException(head + advice, status, errors);
        }
        if (status == 429) {
            Duration retryAfter = retryAfter(response, clock);
            String wait = retryAfter != null ? " and asks to wait " + retryAfter.toSeconds() + " s" : "";
            RateLimit limit = RateLimit.of(response.headers());
            if (limit != null || isDockerHub(response.request().url().host())) {
                return new TooManyRequestsException(head + "Docker Hub's pull rate limit is used up"
                        + (limit != null ? " (" + limit.describe() + ")" : "") + wait + ". "
                        + (anonymous ? "Anonymous pulls have the lowest limit: authenticate with a Docker Hub account"
                                : "Use an account with a higher limit")
                        + ", pull through a registry mirror (see docs/mirrors.md), or wait until the limit resets"
                        + (limit != null && limit.window() != null ? " (it counts pulls over "
                                + limit.window().toHours() + " h)" : "") + ".", errors, retryAfter);
            }
            return new TooManyRequestsException(head + "the registry is rate-limiting pulls" + wait
                    + ". Retry later, or pull with credentials that have a higher limit.", errors, retryAfter);
        }
        if (status >= 500) {
            return new RegistryUnavailableException(head + "the registry failed to answer. Retry later;"
                    + " if it persists, check the registry's health.", status, errors);
        }
        return new RegistryErrorException(head + "unexpected answer from the registry.", status, errors);
    }

    /** Docker Hub's registry and token hosts, whose 429 is its pull rate limit. */
    static boolean isDockerHub(String host) {
        return host.equals("registry-1.docker.io") || host.equals("auth.docker.io") || host.equals("index.docker.io");
    }

    /** Parses {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    public static Duration retryAfter(Response response) {
        return retryAfter(response, java.time.Clock.systemUTC());
    }

    /** Parses {@code Retry-After} as seconds or an HTTP date (measured from {@code clock}); null when absent or unreadable. */
    public static Duration retryAfter(Response response, java.time.Clock clock) {
        return parseRetryAfter(response.header("Retry-After"), clock);
    }

    /** Parses a {@code Retry-After} value: delay-seconds or an HTTP date (RFC 9110 10.2.3); null when unreadable. */
    public static Duration parseRetryAfter(String value, java.time.Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (!trimmed.isEmpty() && trimmed.length() <= 40 && trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // delay-seconds: any number of digits; more than a day (or than a long holds) is a day
            return trimmed.length() > 18 ? MAX_RETRY_AFTER : clamp(Duration.ofSeconds(Long.parseLong(trimmed)));
        }
        try {
            ZonedDateTime when = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), when.toInstant());
            return wait.isNegative() ? Duration.ZERO : clamp(wait);
        } catch (java.time.DateTimeException | ArithmeticException unreadable) {
            return null;
        }
    }

    private static Duration clamp(Duration wait) {
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }

    private List<RegistryError> readErrors(Response response) {
        List<RegistryError> errors = new ArrayList<>();
        try (ResponseBody body = response.body()) {
            if (body == null) {
                return errors;
            }
            BufferedSource source = body.source();
            Buffer buffer = new Buffer();
            while (buffer.size() < MAX_ERROR_BODY && source.read(buffer, MAX_ERROR_BODY - buffer.size()) != -1) {
                // read at most MAX_ERROR_BODY bytes: a hostile registry could send an endless body
            }
            JsonNode root = json.read(buffer.readByteArray());
            JsonNode list = root == null ? null : root.get("errors");
            if (list != null && list.isArray()) {
                for (JsonNode e : list) {
                    String raw = e.path("code").asText("UNKNOWN");
                    errors.add(new RegistryError(ErrorCode.parse(raw), sanitize(raw, 40),
                            sanitize(e.path("message").asText(""), MAX_MESSAGE)));
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // not JSON, or cut off: the status alone is what we report
        }
        return errors;
    }

    private static String portSuffix(Response response) {
        var url = response.request().url();
        return url.port() == okhttp3.HttpUrl.defaultPort(url.scheme()) ? "" : ":" + url.port();
    }

    private static String sanitize(String text, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < text.length() && s.length() < max; i++) {
            char c = text.charAt(i);
            s.append(c >= ' ' && c < 0x7f ? c : ' ');
        }
        return s.toString().trim();
    }
}
