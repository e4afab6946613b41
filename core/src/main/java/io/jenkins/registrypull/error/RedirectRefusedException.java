package io.jenkins.registrypull.error;

/**
 * A redirect the engine refused to follow: to a link-local or cloud metadata address, from https to
 * plain http, from the registry's probe to another server, or of a request that carries credentials.
 * Nothing was sent to where it pointed. A misconfigured or hostile registry, not a login problem.
 */
public class RedirectRefusedException extends InsecureConnectionException {

    private static final long serialVersionUID = 1L;

    public RedirectRefusedException(String message) {
        super(message);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.REDIRECT_REFUSED;
    }
}
