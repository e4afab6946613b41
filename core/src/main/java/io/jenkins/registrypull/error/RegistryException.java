package io.jenkins.registrypull.error;

/**
 * Root of everything a pull can fail with. Messages are written for a Jenkins user: what
 * failed and what to do next. They are built only from the reference, the HTTP status and the
 * registry's error codes, never from a secret or a raw response body.
 */
public class RegistryException extends Exception {

    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
