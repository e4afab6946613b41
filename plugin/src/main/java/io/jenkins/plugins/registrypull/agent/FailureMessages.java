package io.jenkins.plugins.registrypull.agent;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.registrypull.Messages;
import io.jenkins.registrypull.error.FailureKind;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.SignatureVerificationException;

/**
 * The console text of a failed pull: the engine's message (what failed, what to do in any front end), then what to
 * change in the step's own fields. The one place the plugin maps a failure's kind to its words; the engine's message is
 * never rewritten or searched.
 */
final class FailureMessages {

    private FailureMessages() {
    }

    /** The console line of a pull of {@code reference} that failed: bad input (nothing was pulled), or a failure. */
    @NonNull
    static String console(@NonNull Object reference, @NonNull RegistryException failure) {
        return failure.kind() == FailureKind.BAD_INPUT ? Messages.RegistryPull_InvalidInput(describe(failure))
                : Messages.RegistryPull_Failed(reference, describe(failure));
    }

    /** The engine's message followed by the advice for its kind, if any. */
    @NonNull
    static String describe(@NonNull RegistryException failure) {
        String advice = advice(failure);
        String message = String.valueOf(failure.getMessage());
        return advice.isEmpty() ? message : message + " " + advice;
    }

    /** What to change in the step's fields for a failure of this kind; empty when no field fixes it. */
    @NonNull
    static String advice(@NonNull RegistryException failure) {
        return switch (failure.kind()) {
            case AUTHENTICATION -> Messages.RegistryPull_Advice_Credentials();
            case RATE_LIMITED -> Messages.RegistryPull_Advice_RateLimited();
            case UNTRUSTED_CERTIFICATE -> Messages.RegistryPull_Advice_CaCertificate();
            case TLS -> Messages.RegistryPull_Advice_PlainHttp();
            case TIMEOUT -> Messages.RegistryPull_Advice_Timeout();
            case SIGNATURE -> failure instanceof SignatureVerificationException s
                    && s.reason() == SignatureVerificationException.Reason.MISSING
                    ? Messages.RegistryPull_Advice_SignatureRequired() : Messages.RegistryPull_Advice_VerifyKey();
            default -> "";
        };
    }
}
