// Stand-in for org.jenkinsci.plugins.workflow.steps.BodyExecution from org.jenkins-ci.plugins.workflow:workflow-step-api:710.v3e456cc85233.
package org.jenkinsci.plugins.workflow.steps;

import hudson.Util;
import hudson.model.Result;
import java.io.Serializable;
import java.util.Collection;
import java.util.concurrent.Future;
import jenkins.model.CauseOfInterruption;

/** Represents the executing body block of {@link Step}. */
public abstract class BodyExecution implements Future<Object>, Serializable {
    private static final long serialVersionUID = 1L;

    /** Returns the inner-most {@link StepExecution}s that are currently executing. */
    public abstract Collection<StepExecution> getCurrentExecutions();

    /** @deprecated use {@link #cancel(Throwable)} with {@link FlowInterruptedException} */
    @Deprecated
    public boolean cancel(CauseOfInterruption... causes) {
        if (Util.isOverridden(BodyExecution.class, getClass(), "cancel", Throwable.class)) {
            return cancel(new FlowInterruptedException(Result.ABORTED, true, causes));
        }
        throw new AbstractMethodError("Override cancel(Throwable) from " + getClass());
    }

    /** @deprecated use {@link #cancel(Throwable)} to provide richer context */
    @Deprecated
    @Override
    public boolean cancel(boolean b) {
        return cancel(new FlowInterruptedException(Result.ABORTED, true));
    }

    /** Attempts to cancel an executing body block. */
    public boolean cancel(Throwable t) {
        if (Util.isOverridden(BodyExecution.class, getClass(), "cancel", CauseOfInterruption[].class)) {
            return cancel(new ExceptionCause(t));
        }
        throw new AbstractMethodError("Override cancel(Throwable) from " + getClass());
    }

    private static final class ExceptionCause extends CauseOfInterruption {
        private static final long serialVersionUID = 1L;
        private final Throwable t;

        ExceptionCause(Throwable t) {
            this.t = t;
        }

        @Override
        public String getShortDescription() {
            return t.toString();
        }
    }
}
