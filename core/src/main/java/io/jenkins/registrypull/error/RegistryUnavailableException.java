package io.jenkins.registrypull.error;

import java.util.List;

/** HTTP 5xx: the registry failed to answer. */
public class RegistryUnavailableException extends RegistryErrorException {

    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message, int status, List<RegistryError> errors) {
        super(message, status, errors);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.REGISTRY_UNAVAILABLE;
    }
}
