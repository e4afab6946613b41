package io.jenkins.registrypull.error;

import java.time.Duration;
import java.util.List;

/** HTTP 429: the registry rate-limits this client; {@link #retryAfter()} is its Retry-After, if any. */
public class TooManyRequestsException extends RegistryErrorException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public TooManyRequestsException(String message, List<RegistryError> errors, Duration retryAfter) {
        super(message, 429, errors);
        this.retryAfter = retryAfter;
    }

    /** The wait the registry asked for, or null when it gave none. */
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public FailureKind kind() {
        return FailureKind.RATE_LIMITED;
    }
}
