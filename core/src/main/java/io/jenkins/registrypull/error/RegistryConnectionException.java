package io.jenkins.registrypull.error;

/** The registry could not be reached or the TLS handshake failed; the cause has the detail. */
public class RegistryConnectionException extends RegistryException {

    private static final long serialVersionUID = 1L;

    public RegistryConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
