// Stand-in for org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution from org.jenkins-ci.plugins.workflow:workflow-step-api:710.v3e456cc85233.
package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.ACL;
import hudson.security.ACLContext;
import java.util.concurrent.Future;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/** Generalization of {@link SynchronousNonBlockingStepExecution} that can be used for block-scoped steps. */
public abstract class GeneralNonBlockingStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;

    private transient volatile Future<?> task;
    private String threadName;
    private transient Throwable stopCause;

    protected GeneralNonBlockingStepExecution(StepContext context) {
        super(context);
    }

    /** Block to be passed to {@link #run}. */
    @FunctionalInterface
    protected interface Block {
        void run() throws Exception;
    }

    /** Initiate background work that should not block the CPS VM thread. */
    protected final void run(Block block) {
        if (stopCause != null) {
            return;
        }
        final Authentication auth = Jenkins.getAuthentication2();
        task = SynchronousNonBlockingStepExecution.getExecutorService().submit(() -> {
            threadName = Thread.currentThread().getName();
            try {
                try (ACLContext acl = ACL.as2(auth)) {
                    block.run();
                }
            } catch (Throwable x) {
                if (stopCause == null) {
                    getContext().onFailure(x);
                } else {
                    stopCause.addSuppressed(x);
                }
            } finally {
                threadName = null;
                task = null;
            }
        });
    }

    /** If the computation is going synchronously, try to cancel that. */
    @Override
    public void stop(Throwable cause) throws Exception {
        stopCause = cause;
        Future<?> t = task;
        if (t != null) {
            t.cancel(true);
        }
        super.stop(cause);
    }

    @Override
    public void onResume() {
        if (threadName != null) {
            getContext().onFailure(new Exception("Resume after a restart not supported while running background code"));
        }
    }

    @Override
    public @NonNull String getStatus() {
        if (threadName != null) {
            return "running in thread: " + threadName;
        }
        return "not currently scheduled, or running blocks";
    }

    @Override
    public boolean blocksRestart() {
        return threadName != null;
    }

    /** Variant of {@link BodyExecutionCallback.TailCall} which wraps {@link #finished} in {@link #run}. */
    protected abstract class TailCall extends BodyExecutionCallback {
        private static final long serialVersionUID = 1L;

        /** Called when the body is finished. */
        protected abstract void finished(StepContext context) throws Exception;

        @Override
        public final void onSuccess(StepContext context, Object result) {
            run(() -> {
                try {
                    finished(context);
                } catch (Exception x) {
                    if (stopCause == null) {
                        context.onFailure(x);
                    } else {
                        stopCause.addSuppressed(x);
                    }
                    return;
                }
                context.onSuccess(result);
            });
        }

        @Override
        public final void onFailure(StepContext context, Throwable t) {
            run(() -> {
                try {
                    finished(context);
                } catch (Exception x) {
                    t.addSuppressed(x);
                }
                context.onFailure(t);
            });
        }
    }
}
