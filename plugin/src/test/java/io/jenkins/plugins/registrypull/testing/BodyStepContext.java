package io.jenkins.plugins.registrypull.testing;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.EnvVars;
import hudson.model.Result;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.BodyExecution;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A StepContext for block steps, standing in for CpsStepContext: it offers the context objects a test puts in,
 * records the step's outcome, and when the step starts its body, hands the test a {@link Body} with the contexts
 * the step added (its {@link EnvironmentExpander}) and its callback, so the test plays the body: runs real commands
 * in the body's environment, then ends it with success or failure (an abort is a failure with
 * {@code FlowInterruptedException}).
 */
public final class BodyStepContext extends StepContext {
    private static final long serialVersionUID = 1L;

    private final transient Map<Class<?>, Object> values = new ConcurrentHashMap<>();
    private final transient CompletableFuture<Object> outcome = new CompletableFuture<>();
    private final transient CompletableFuture<Body> body = new CompletableFuture<>();

    public <T> BodyStepContext with(Class<T> key, T value) {
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

    /** Waits until the step starts its body (or fails first: then throws what it failed with). */
    public Body awaitBody() throws Throwable {
        CompletableFuture.anyOf(body, outcome).get(5, TimeUnit.MINUTES);
        if (body.isDone()) {
            return body.get();
        }
        await();
        throw new AssertionError("the step finished without running its body");
    }

    public boolean isDone() {
        return outcome.isDone();
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
        return new Invoker();
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    /** The body as the step started it. */
    public final class Body {
        private final List<Object> contexts;
        private final List<BodyExecutionCallback> callbacks;

        Body(List<Object> contexts, List<BodyExecutionCallback> callbacks) {
            this.contexts = contexts;
            this.callbacks = callbacks;
        }

        /** The body's context object of a type, or the enclosing one. */
        public <T> T get(Class<T> key) {
            for (Object o : contexts) {
                if (key.isInstance(o)) {
                    return key.cast(o);
                }
            }
            return BodyStepContext.this.get(key);
        }

        /** The environment processes in the body get: {@code base} with the body's expander applied. */
        public EnvVars environment(Map<String, String> base) throws Exception {
            EnvVars env = new EnvVars(base);
            EnvironmentExpander expander = get(EnvironmentExpander.class);
            if (expander != null) {
                expander.expand(env);
            }
            return env;
        }

        public List<BodyExecutionCallback> callbacks() {
            return callbacks;
        }

        /** Ends the body successfully. */
        public void succeed(Object result) {
            for (BodyExecutionCallback c : callbacks) {
                c.onSuccess(BodyStepContext.this, result);
            }
        }

        /** Ends the body with a failure (an abort: {@code new FlowInterruptedException(Result.ABORTED, true)}). */
        public void fail(Throwable t) {
            for (BodyExecutionCallback c : callbacks) {
                c.onFailure(BodyStepContext.this, t);
            }
        }
    }

    private final class Invoker extends BodyInvoker {
        private final List<Object> contexts = new ArrayList<>();
        private final List<BodyExecutionCallback> callbacks = new ArrayList<>();

        @Override
        public BodyInvoker withContext(Object override) {
            contexts.add(override);
            return this;
        }

        @Override
        public BodyInvoker withDisplayName(@NonNull String name) {
            return this;
        }

        @Override
        public BodyInvoker withCallback(BodyExecutionCallback callback) {
            callbacks.add(callback);
            return this;
        }

        @Override
        public BodyExecution start() {
            Body started = new Body(List.copyOf(contexts), List.copyOf(callbacks));
            for (BodyExecutionCallback c : callbacks) {
                c.onStart(BodyStepContext.this);
            }
            body.complete(started);
            return new BodyExecution() {
                private static final long serialVersionUID = 1L;

                @Override
                public Collection<StepExecution> getCurrentExecutions() {
                    return List.of();
                }

                @Override
                public boolean cancel(Throwable t) {
                    started.fail(t);
                    return true;
                }

                @Override
                public boolean isCancelled() {
                    return false;
                }

                @Override
                public boolean isDone() {
                    return outcome.isDone();
                }

                @Override
                public Object get() {
                    return null;
                }

                @Override
                public Object get(long timeout, TimeUnit unit) {
                    return null;
                }
            };
        }
    }
}
