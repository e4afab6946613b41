// Stand-in for org.jenkinsci.plugins.workflow.steps.SynchronousStepExecution from org.jenkins-ci.plugins.workflow:workflow-step-api:710.v3e456cc85233.
package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;

/** Partial implementation of {@link StepExecution} for steps that run synchronously on the CPS VM thread. */
public abstract class SynchronousStepExecution<T> extends StepExecution {
    private static final long serialVersionUID = 1L;

    private transient volatile Thread executing;

    protected SynchronousStepExecution(@NonNull StepContext context) {
        super(context);
    }

    /** Meat of the execution. */
    protected abstract T run() throws Exception;

    @Override
    public final boolean start() throws Exception {
        executing = Thread.currentThread();
        try {
            getContext().onSuccess(run());
        } catch (Throwable t) {
            getContext().onFailure(t);
        } finally {
            executing = null;
        }
        return true;
    }

    /** If the computation is going synchronously, try to cancel that. */
    @Override
    public void stop(Throwable cause) throws Exception {
        Thread e = executing;
        if (e != null) {
            e.interrupt();
        } else {
            getContext().onFailure(cause);
        }
    }
}
