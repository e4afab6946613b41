// Stand-in for org.jenkinsci.plugins.workflow.steps.BodyInvoker from org.jenkins-ci.plugins.workflow:workflow-step-api:710.v3e456cc85233.
package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Launcher;
import hudson.LauncherDecorator;
import hudson.console.ConsoleLogFilter;
import hudson.model.AbstractBuild;
import hudson.model.Node;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;

/** Builder pattern for controlling how to execute a body block of a {@link Step}. */
public abstract class BodyInvoker {
    /** Overrides to the context values that are in effect while evaluating the body. */
    public abstract BodyInvoker withContext(Object override);

    public BodyInvoker withContexts(Object... overrides) {
        return withContexts(Arrays.asList(overrides));
    }

    public BodyInvoker withContexts(Collection<?> overrides) {
        for (Object o : overrides) {
            withContext(o);
        }
        return this;
    }

    /** Sets a human readable name that describes this body invocation. */
    public abstract BodyInvoker withDisplayName(@NonNull String name);

    /** Registers a callback that tracks the progress of the body execution. */
    public abstract BodyInvoker withCallback(BodyExecutionCallback callback);

    /** @deprecated Use {@link #withCallback(BodyExecutionCallback)} and call {@link BodyExecutionCallback#wrap}. */
    public final BodyInvoker withCallback(FutureCallback<Object> callback) {
        return withCallback(BodyExecutionCallback.wrap(callback));
    }

    /** Schedules an asynchronous invocation of the body. */
    public abstract BodyExecution start();

    /** Merge two console log filters so that both are applied. */
    public static ConsoleLogFilter mergeConsoleLogFilters(@CheckForNull ConsoleLogFilter original, @NonNull ConsoleLogFilter subsequent) {
        if (original == null) {
            return subsequent;
        }
        return new MergedFilter(original, subsequent);
    }

    private static final class MergedFilter extends ConsoleLogFilter implements Serializable {
        private static final long serialVersionUID = 1;
        private final ConsoleLogFilter original;
        private final ConsoleLogFilter subsequent;

        MergedFilter(ConsoleLogFilter original, ConsoleLogFilter subsequent) {
            this.original = original;
            this.subsequent = subsequent;
        }

        @SuppressWarnings("rawtypes")
        @Override
        public OutputStream decorateLogger(AbstractBuild ignore, OutputStream logger) throws IOException, InterruptedException {
            return subsequent.decorateLogger(ignore, original.decorateLogger(ignore, logger));
        }
    }

    /** Merge two launcher decorators so that both are applied. */
    public static LauncherDecorator mergeLauncherDecorators(@CheckForNull LauncherDecorator original, @NonNull LauncherDecorator subsequent) {
        if (original == null) {
            return subsequent;
        }
        return new MergedLauncherDecorator(original, subsequent);
    }

    private static final class MergedLauncherDecorator extends LauncherDecorator implements Serializable {
        private static final long serialVersionUID = 1;
        private final LauncherDecorator original;
        private final LauncherDecorator subsequent;

        MergedLauncherDecorator(LauncherDecorator original, LauncherDecorator subsequent) {
            this.original = original;
            this.subsequent = subsequent;
        }

        @NonNull
        @Override
        public Launcher decorate(@NonNull Launcher launcher, @NonNull Node node) {
            return subsequent.decorate(original.decorate(launcher, node), node);
        }
    }
}
