package io.jenkins.plugins.registrypull.credentials;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import io.jenkins.plugins.registrypull.Messages;

/**
 * A credentials id that cannot be used: not found, of the wrong type, or unusable for the registry. Its message is
 * the problem and what it means for a pull (nothing was pulled); {@link #problem()} is the problem alone, for callers
 * whose consequence differs ({@code withRegistryAuth} serves no credentials rather than pulling nothing).
 */
public final class UnusableCredentialsException extends AbortException {

    private static final long serialVersionUID = 1L;

    private final String problem;

    public UnusableCredentialsException(@NonNull String problem) {
        super(problem + " " + Messages.RegistryPull_NothingPulled());
        this.problem = problem;
    }

    /** What is wrong with the credentials and what to do, without what it means for the step that asked. */
    @NonNull
    public String problem() {
        return problem;
    }
}
