package io.jenkins.registrypull.error;

import java.util.List;

/** HTTP 404: the repository, tag, digest or blob does not exist. */
public class NotFoundException extends RegistryErrorException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String message, int status, List<RegistryError> errors) {
        super(message, status, errors);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.NOT_FOUND;
    }
}
