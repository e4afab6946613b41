package io.jenkins.registrypull.api;

/** The pull did not finish before its deadline ({@link PullOptions#timeout()}). */
public class PullTimeoutException extends RegistryConnectionException {

    private static final long serialVersionUID = 1L;

    public PullTimeoutException(String message) {
        super(message, null);
    }
}
