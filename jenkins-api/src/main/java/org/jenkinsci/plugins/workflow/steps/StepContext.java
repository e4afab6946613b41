// Stand-in for org.jenkinsci.plugins.workflow.steps.StepContext from org.jenkins-ci.plugins.workflow:workflow-step-api:710.v3e456cc85233.
package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.ListenableFuture;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.model.Result;
import java.io.IOException;
import java.io.Serializable;

/** Represents an environment in which a {@link Step} executes, and the callback for reporting its outcome. */
public abstract class StepContext implements FutureCallback<Object>, Serializable {
    private static final long serialVersionUID = 1L;

    /** Tries to find a contextually available object, e.g. {@code Run}, {@code FilePath}, {@code TaskListener}. */
    public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;

    /** Record the final return value of this step. */
    @Override
    public abstract void onSuccess(@Nullable Object result);

    /** Whether {@link #get} is ready to return values. */
    public abstract boolean isReady();

    /** Requests that any state held by the {@code FlowExecution} be saved to disk. */
    public abstract ListenableFuture<Void> saveState();

    /** Sets the overall result of the build. */
    public abstract void setResult(Result r);

    /** Prepares for an asynchronous invocation of the body block that's given as an argument to this step. */
    public abstract BodyInvoker newBodyInvoker() throws IllegalStateException;

    /** Checks whether this step has a body. Stand-in default: false. */
    public boolean hasBody() {
        return false;
    }

    /** Compares if two {@link StepContext}s refer to the same step. */
    @Override
    public abstract boolean equals(Object o);

    @Override
    public abstract int hashCode();
}
