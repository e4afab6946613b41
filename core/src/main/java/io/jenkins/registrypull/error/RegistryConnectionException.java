package io.jenkins.registrypull.error;

/** The registry could not be reached, the TLS handshake failed, or the connection broke; the cause has the detail. */
public class RegistryConnectionException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final FailureKind kind;
    private final boolean retryable;

    /** A connection failure that another attempt will not cure (an unknown host, a refused address). */
    public RegistryConnectionException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** @param retryable whether a new connection may succeed: a reset, a cut, a silence, a body that ended early */
    public RegistryConnectionException(String message, Throwable cause, boolean retryable) {
        this(FailureKind.CONNECTION, message, cause, retryable);
    }

    /** @param kind {@link FailureKind#CONNECTION}, or a finer kind such as {@link FailureKind#UNTRUSTED_CERTIFICATE} */
    public RegistryConnectionException(FailureKind kind, String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.kind = kind;
        this.retryable = retryable;
    }

    @Override
    public FailureKind kind() {
        return kind;
    }

    @Override
    public boolean retryable() {
        return retryable;
    }
}
