package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.error.AccessDeniedException;
import io.jenkins.registrypull.error.InsecureConnectionException;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.error.NoMatchingPlatformException;
import io.jenkins.registrypull.error.NotFoundException;
import io.jenkins.registrypull.error.RedirectRefusedException;
import io.jenkins.registrypull.error.UnauthorizedException;
import io.jenkins.registrypull.error.UnsupportedAuthenticationException;
import io.jenkins.registrypull.error.VerificationException;

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
        if (failure instanceof InvalidInputException) {
            return BAD_INPUT;
        }
        if (failure instanceof RedirectRefusedException) {
            return REDIRECT_REFUSED; // a misconfigured or hostile registry, not a login problem
        }
        if (failure instanceof UnauthorizedException || failure instanceof AccessDeniedException
                || failure instanceof InsecureConnectionException || failure instanceof UnsupportedAuthenticationException) {
            return AUTH;
        }
        if (failure instanceof NotFoundException || failure instanceof NoMatchingPlatformException) {
            return NOT_FOUND;
        }
        if (failure instanceof VerificationException) {
            return VERIFICATION;
        }
        return FAILURE;
    }
}
