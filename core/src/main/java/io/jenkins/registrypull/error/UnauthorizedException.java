package io.jenkins.registrypull.error;

import java.util.List;

/** HTTP 401: the registry did not accept the credentials. */
public class UnauthorizedException extends RegistryErrorException {

    private static final long serialVersionUID = 1L;

    public UnauthorizedException(String message, int status, List<RegistryError> errors) {
        super(message, status, errors);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.AUTHENTICATION;
    }
}
