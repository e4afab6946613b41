package io.jenkins.registrypull.verify;

/**
 * A signature artifact that cannot be read: bad JSON, a missing field, an unknown type. Internal:
 * the verifier turns it into a rejection with the message, which names the field but never
 * repeats the artifact's content.
 */
final class MalformedSignatureException extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedSignatureException(String message) {
        super(message);
    }
}
