// Stand-in for org.jenkinsci.plugins.workflow.steps.MissingContextVariableException from org.jenkins-ci.plugins.workflow:workflow-step-api:710.v3e456cc85233.
package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;

/** Indicates that a required context was not available. */
public class MissingContextVariableException extends Exception {
    private static final long serialVersionUID = 1L;

    private final @NonNull Class<?> type;

    @Deprecated
    public MissingContextVariableException(@NonNull Class<?> type) {
        this.type = type;
    }

    public Class<?> getType() {
        return type;
    }

    @Override
    public String getMessage() {
        return "Required context " + type + " is missing";
    }
}
