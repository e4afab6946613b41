package io.jenkins.registrypull.error;

import java.util.List;

/**
 * The registry answered with an HTTP status the request did not expect. Keeps the status and the registry's error
 * codes; the subclasses are the statuses a user acts on differently (401, 403, 404, 429, 5xx).
 */
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

    /** 408 (the request timed out), 429 (rate-limited) and 5xx may succeed later; other statuses will not. */
    @Override
    public boolean retryable() {
        return status == 408 || status == 429 || status >= 500;
    }

    @Override
    public FailureKind kind() {
        return FailureKind.UNEXPECTED_STATUS;
    }
}
