// Stand-in for org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback from org.jenkins-ci.plugins.workflow:workflow-step-api:710.v3e456cc85233.
package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import java.io.Serializable;

/** Callback of the result of a body block started via {@link BodyInvoker#start()}. */
public abstract class BodyExecutionCallback implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Notifies that the body block has started executing. */
    public void onStart(StepContext context) {
    }

    /** Notifies that the body block has completed successfully. */
    public abstract void onSuccess(StepContext context, Object result);

    /** Notifies that the body block has terminated abnormally. */
    public abstract void onFailure(StepContext context, Throwable t);

    /** Wraps an ordinary {@link FutureCallback} into {@link BodyExecutionCallback}. */
    public static BodyExecutionCallback wrap(FutureCallback<Object> v) {
        if (!(v instanceof Serializable)) {
            throw new IllegalArgumentException(v.getClass() + " is not serializable");
        }
        return new Wrapper(v);
    }

    private static final class Wrapper extends BodyExecutionCallback {
        private static final long serialVersionUID = 1L;
        private final FutureCallback<Object> v;

        Wrapper(FutureCallback<Object> v) {
            this.v = v;
        }

        @Override
        public void onSuccess(StepContext context, Object result) {
            v.onSuccess(result);
        }

        @Override
        public void onFailure(StepContext context, Throwable t) {
            v.onFailure(t);
        }
    }

    /** A convenience subclass for the common case that the step expects to run its block just once and return the same value. */
    public abstract static class TailCall extends BodyExecutionCallback {
        private static final long serialVersionUID = 1L;

        /** Called when the body is finished. */
        protected abstract void finished(StepContext context) throws Exception;

        @Override
        public final void onSuccess(StepContext context, Object result) {
            try {
                finished(context);
            } catch (Exception x) {
                context.onFailure(x);
                return;
            }
            context.onSuccess(result);
        }

        @Override
        public void onFailure(StepContext context, Throwable t) {
            try {
                finished(context);
            } catch (Exception x) {
                t.addSuppressed(x);
            }
            context.onFailure(t);
        }
    }
}
