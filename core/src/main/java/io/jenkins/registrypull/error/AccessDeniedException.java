package io.jenkins.registrypull.error;

import java.util.List;

/** HTTP 403 DENIED: the account lacks the right to pull. */
public class AccessDeniedException extends RegistryErrorException {

    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message, int status, List<RegistryError> errors) {
        super(message, status, errors);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.ACCESS_DENIED;
    }
}
