package io.jenkins.registrypull.error;

/**
 * Root of everything a pull can fail with. Messages say what failed and what to do next, in words that fit any
 * front end; they are built only from the reference, the HTTP status and the registry's error codes, never from a
 * secret or a raw response body. Decisions (retry, exit code, console advice) read the data: {@link #kind()},
 * {@link #retryable()}, and the status and registry error codes of a {@link RegistryErrorException}.
 */
public abstract class RegistryException extends Exception {

    private static final long serialVersionUID = 1L;

    protected RegistryException(String message) {
        super(message);
    }

    protected RegistryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What kind of failure this is; front ends map it to their exit code and advice. */
    public abstract FailureKind kind();

    /** Whether the same request may succeed if tried again after a wait. False unless a subclass knows better. */
    public boolean retryable() {
        return false;
    }
}
