package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.SignatureVerificationException;
import picocli.CommandLine;

/**
 * Prints a failure as one line a user can act on: the engine's message, then what to do in this command's own options
 * (the engine does not name them), with the stack trace only under {@code --debug}; the exit code tells the kind of
 * failure ({@link ExitCodes}).
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        var err = cli.getErr();
        if (e instanceof RegistryException failure) {
            String advice = advice(failure);
            err.println("registry-pull: " + failure.getMessage() + (advice.isEmpty() ? "" : " " + advice));
        } else if (e instanceof InterruptedException) {
            err.println("registry-pull: interrupted");
        } else {
            err.println("registry-pull: " + e);
        }
        // --debug belongs to the subcommand: `parsed` is the top-level parse, `cli` the subcommand that failed
        if (cli.getParseResult().hasMatchedOption("--debug") || Boolean.getBoolean("registrypull.debug")) {
            e.printStackTrace(err);
        }
        return ExitCodes.of(e);
    }

    /** The options of this command that fix a failure of this kind; empty when none does. */
    static String advice(RegistryException failure) {
        return switch (failure.kind()) {
            case AUTHENTICATION, RATE_LIMITED -> "Credentials: --username with --password-stdin, or --token-stdin.";
            case UNTRUSTED_CERTIFICATE -> "The CA certificate: --ca-cert (--mirror-ca-cert for a mirror).";
            case TLS -> "A plain-HTTP registry: --insecure-registry HOST:PORT.";
            case TIMEOUT -> "The timeout: --timeout.";
            case SIGNATURE -> failure instanceof SignatureVerificationException s
                    && s.reason() == SignatureVerificationException.Reason.MISSING
                    ? "A signature is required by --require-signature." : "The verification key: --verify-key.";
            default -> "";
        };
    }
}
