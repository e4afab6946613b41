package io.jenkins.registrypull.error;

import java.util.List;

/** The registry answered with an HTTP error. Keeps the status and the registry's error codes. */
public class RegistryErrorException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final List<RegistryError> errors;

    public RegistryErrorException(String message, int status, List<RegistryError> errors) {
        super(message);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public List<RegistryError> errors() {
        return errors;
    }
}
