package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.error.FailureKind;
import io.jenkins.registrypull.error.RegistryException;

/** The process exit codes, one per kind of failure a script may want to tell apart. */
final class ExitCodes {

    static final int OK = 0;
    static final int FAILURE = 1;
    static final int BAD_INPUT = 2;
    static final int AUTH = 3;
    static final int NOT_FOUND = 4;
    static final int VERIFICATION = 5;
    static final int REDIRECT_REFUSED = 6;

    private ExitCodes() {
    }

    static int of(Throwable failure) {
        return failure instanceof RegistryException e ? of(e.kind()) : FAILURE;
    }

    /** The one mapping from a failure's kind to the exit code; a new kind must be placed here (the switch is total). */
    static int of(FailureKind kind) {
        return switch (kind) {
            case BAD_INPUT -> BAD_INPUT;
            case REDIRECT_REFUSED -> REDIRECT_REFUSED; // a misconfigured or hostile registry, not a login problem
            case AUTHENTICATION, ACCESS_DENIED, INSECURE, UNSUPPORTED_AUTHENTICATION -> AUTH;
            case NOT_FOUND, NO_MATCHING_PLATFORM -> NOT_FOUND;
            case VERIFICATION, SIGNATURE -> VERIFICATION;
            case RATE_LIMITED, REGISTRY_UNAVAILABLE, UNEXPECTED_STATUS, INVALID_ANSWER, UNSUPPORTED_MANIFEST,
                    UNTRUSTED_CERTIFICATE, TLS, CONNECTION, TIMEOUT, LOCAL_STORAGE, IMAGE_LOAD -> FAILURE;
        };
    }
}
