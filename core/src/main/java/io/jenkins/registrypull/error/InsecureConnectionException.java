package io.jenkins.registrypull.error;

/**
 * Refused by policy: credentials would go over plain HTTP, to a token realm that is not https,
 * or to an address that must never receive them.
 */
public class InsecureConnectionException extends RegistryException {

    private static final long serialVersionUID = 1L;

    public InsecureConnectionException(String message) {
        super(message);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.INSECURE;
    }
}
