package io.jenkins.registrypull.error;

/**
 * The registry or its token server answered with something the engine cannot use: a token answer
 * that is not JSON, too big or holds no usable token, a challenge far longer than any real one. Not
 * a network failure, so it is not retried: the server is misconfigured, or is not what it claims.
 */
public class InvalidRegistryAnswerException extends RegistryException {

    private static final long serialVersionUID = 1L;

    public InvalidRegistryAnswerException(String message) {
        super(message);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.INVALID_ANSWER;
    }
}
