// Stand-in for org.jenkinsci.plugins.workflow.steps.FlowInterruptedException from org.jenkins-ci.plugins.workflow:workflow-step-api:710.v3e456cc85233 (subset of members).
package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Result;
import java.util.Arrays;
import java.util.List;
import jenkins.model.CauseOfInterruption;

/** Special exception that can be thrown out of {@link StepContext#onFailure} to indicate that the flow was aborted. */
public final class FlowInterruptedException extends InterruptedException {
    private static final long serialVersionUID = 630482382622970136L;

    private final @NonNull Result result;
    private final @NonNull List<CauseOfInterruption> causes;
    private final boolean actualInterruption;

    @Deprecated
    public FlowInterruptedException(@NonNull Result result, @NonNull CauseOfInterruption... causes) {
        this(result, true, causes);
    }

    public FlowInterruptedException(@NonNull Result result, boolean actualInterruption, @NonNull CauseOfInterruption... causes) {
        this.result = result;
        this.causes = Arrays.asList(causes);
        this.actualInterruption = actualInterruption;
    }

    public @NonNull Result getResult() {
        return result;
    }

    public @NonNull List<CauseOfInterruption> getCauses() {
        return causes;
    }

    public boolean isActualInterruption() {
        return actualInterruption;
    }
}
