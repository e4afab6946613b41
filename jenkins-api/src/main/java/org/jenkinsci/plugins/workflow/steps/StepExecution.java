// Stand-in for org.jenkinsci.plugins.workflow.steps.StepExecution from org.jenkins-ci.plugins.workflow:workflow-step-api:710.v3e456cc85233 (subset of members).
package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Scoped to a single execution of {@link Step}, and provides insights into what's going on asynchronously. */
public abstract class StepExecution implements Serializable {
    private static final long serialVersionUID = 1L;

    private StepContext context;

    /** If manually created, {@link StepContext} must be passed in. */
    @Deprecated
    protected StepExecution() {
    }

    protected StepExecution(@NonNull StepContext context) {
        this.context = context;
    }

    @NonNull
    public StepContext getContext() {
        if (context == null) {
            throw new IllegalStateException("you must either pass in a StepContext to the StepExecution constructor, or have the StepExecution be created automatically");
        }
        return context;
    }

    /** Start execution of something and report the end result back to the given callback. */
    public abstract boolean start() throws Exception;

    /** May be called if someone asks a running step to abort. */
    public void stop(@NonNull Throwable cause) throws Exception {
        getContext().onFailure(cause);
    }

    /** Called when {@link StepExecution} is brought back into memory after restart. */
    public void onResume() {
    }

    /** May be overridden to provide specific information about what a step is currently doing, for diagnostic purposes. */
    public @CheckForNull String getStatus() {
        return null;
    }

    /** Like {@link #getStatus} but more robust. Stand-in: calls it directly. */
    public final @CheckForNull String getStatusBounded(long timeout, TimeUnit unit) {
        return getStatus();
    }

    /** Whether this execution is in a state which should block a restart. */
    public boolean blocksRestart() {
        return false;
    }

    /** Apply the given action to all the existing {@link StepExecution}s. Stand-in: there are none. */
    public static ListenableFuture<?> acceptAll(Consumer<StepExecution> c) {
        return Futures.immediateFuture(null);
    }

    /** Apply the given action to all the existing {@link StepExecution}s of one type. Stand-in: there are none. */
    public static <T extends StepExecution> ListenableFuture<?> acceptAll(Class<T> type, Consumer<T> c) {
        return Futures.immediateFuture(null);
    }
}
