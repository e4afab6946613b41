package io.jenkins.registrypull.error;

/** The pull did not finish before its deadline ({@link PullOptions#timeout()}). */
public class PullTimeoutException extends RegistryConnectionException {

    private static final long serialVersionUID = 1L;

    public PullTimeoutException(String message) {
        super(message, null);
    }

    /** @param cause the last failure before the deadline passed */
    public PullTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.TIMEOUT;
    }
}
