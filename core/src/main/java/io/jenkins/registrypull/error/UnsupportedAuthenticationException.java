package io.jenkins.registrypull.error;

/**
 * The registry asks only for authentication schemes the engine does not speak (Negotiate, NTLM,
 * Digest...); no credentials were sent, so none were refused.
 */
public class UnsupportedAuthenticationException extends RegistryException {

    private static final long serialVersionUID = 1L;

    public UnsupportedAuthenticationException(String message) {
        super(message);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.UNSUPPORTED_AUTHENTICATION;
    }
}
