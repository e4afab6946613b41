package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.error.PullTimeoutException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.pull.PullOptions;
import picocli.CommandLine;

/**
 * Prints a failure as one line a user can act on (the engine's messages say what to do), with
 * the stack trace only under {@code --debug}; the exit code tells the kind of failure.
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        var err = cli.getErr();
        if (e instanceof RegistryException) {
            err.println("registry-pull: " + e.getMessage());
            if (e instanceof PullTimeoutException) {
                err.println("registry-pull: the deadline is --timeout SECONDS (" + PullOptions.DEFAULT_TIMEOUT.toSeconds()
                        + " by default)");
            }
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
}
