package io.jenkins.plugins.registrypull.testing;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.model.Result;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A StepContext for driving a step execution without a Pipeline: it offers the context objects a test puts in
 * and records the outcome, as CpsStepContext would.
 */
public final class TestStepContext extends StepContext {
    private static final long serialVersionUID = 1L;

    private final transient Map<Class<?>, Object> values = new ConcurrentHashMap<>();
    private final transient CompletableFuture<Object> outcome = new CompletableFuture<>();

    public <T> TestStepContext with(Class<T> key, T value) {
        values.put(key, value);
        return this;
    }

    @Override
    public <T> T get(Class<T> key) {
        Object v = values.get(key);
        return v == null ? null : key.cast(v);
    }

    @Override
    public void onSuccess(@Nullable Object result) {
        outcome.complete(result);
    }

    @Override
    public void onFailure(Throwable t) {
        outcome.completeExceptionally(t);
    }

    /** Waits for the step to finish and returns its value, or throws what it failed with. */
    public Object await() throws Throwable {
        try {
            return outcome.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public ListenableFuture<Void> saveState() {
        return Futures.immediateFuture(null);
    }

    @Override
    public void setResult(Result r) {
    }

    @Override
    public BodyInvoker newBodyInvoker() {
        throw new IllegalStateException("registryPull takes no body");
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
