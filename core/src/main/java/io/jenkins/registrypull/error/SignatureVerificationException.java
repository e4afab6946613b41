package io.jenkins.registrypull.error;

/**
 * A cosign signature check failed, before anything was written or loaded. {@link #reason()} tells
 * callers (a build action, a retry policy) what kind of failure it was; the message tells the user
 * what was looked at and what to do.
 */
public class SignatureVerificationException extends VerificationException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, most decisive first. */
    public enum Reason {
        /** No cosign signature exists for the image, and one is required. */
        MISSING,
        /** A signature exists but names another image's digest. */
        DIGEST_MISMATCH,
        /** A signature is known to come from a different key (a bundle's key hint, a certificate). */
        WRONG_KEY,
        /** A signature does not verify with the key: another key made it, or it or its payload was altered. */
        BAD_SIGNATURE,
        /** A signature artifact is malformed or of a kind this engine cannot check. */
        MALFORMED
    }

    private final Reason reason;

    public SignatureVerificationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public FailureKind kind() {
        return FailureKind.SIGNATURE;
    }
}
