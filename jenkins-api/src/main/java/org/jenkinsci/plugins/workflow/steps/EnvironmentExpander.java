// Stand-in for org.jenkinsci.plugins.workflow.steps.EnvironmentExpander from org.jenkins-ci.plugins.workflow:workflow-step-api:710.v3e456cc85233.
package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.Serializable;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Interface allowing custom environment variables to be applied to a block. */
public abstract class EnvironmentExpander implements Serializable {
    private static final long serialVersionUID = 1L;

    /** May add environment variables to a running build. */
    public abstract void expand(@NonNull EnvVars env) throws IOException, InterruptedException;

    /** Get the names of environment variables known to contain sensitive values, such as secrets, in the current context. */
    public @NonNull Set<String> getSensitiveVariables() {
        return Collections.emptySet();
    }

    /** Merge together two expanders. */
    public static EnvironmentExpander merge(@CheckForNull EnvironmentExpander original, @NonNull EnvironmentExpander subsequent) {
        if (original == null) {
            return subsequent;
        }
        return new MergedEnvironmentExpander(original, subsequent);
    }

    private static final class MergedEnvironmentExpander extends EnvironmentExpander {
        private static final long serialVersionUID = 1L;
        private final @NonNull EnvironmentExpander original;
        private final @NonNull EnvironmentExpander subsequent;

        MergedEnvironmentExpander(EnvironmentExpander original, EnvironmentExpander subsequent) {
            this.original = original;
            this.subsequent = subsequent;
        }

        @Override
        public void expand(@NonNull EnvVars env) throws IOException, InterruptedException {
            original.expand(env);
            subsequent.expand(env);
        }

        @Override
        public @NonNull Set<String> getSensitiveVariables() {
            Set<String> all = new HashSet<>(original.getSensitiveVariables());
            all.addAll(subsequent.getSensitiveVariables());
            return all;
        }
    }

    /** Provides an expander for a constant map of string keys and string values. */
    public static EnvironmentExpander constant(@NonNull Map<String, String> env) {
        return new ConstantEnvironmentExpander(env);
    }

    private static final class ConstantEnvironmentExpander extends EnvironmentExpander {
        private static final long serialVersionUID = 1L;
        private final @NonNull Map<String, String> envMap;

        ConstantEnvironmentExpander(@NonNull Map<String, String> envMap) {
            this.envMap = new HashMap<>(envMap);
        }

        @Override
        public void expand(@NonNull EnvVars env) throws IOException, InterruptedException {
            env.overrideAll(envMap);
        }
    }

    /** Computes an effective environment for a block: contextual environment, then custom variables, then the expander. */
    @Deprecated
    public static @NonNull EnvVars getEffectiveEnvironment(@NonNull EnvVars customEnvironment,
            @CheckForNull EnvVars contextualEnvironment, @CheckForNull EnvironmentExpander expander)
            throws IOException, InterruptedException {
        EnvVars env;
        if (contextualEnvironment != null) {
            env = new EnvVars(contextualEnvironment);
            env.putAll(customEnvironment);
        } else {
            env = new EnvVars(customEnvironment);
        }
        if (expander != null) {
            expander.expand(env);
        }
        return env;
    }

    /** Like {@link #getEffectiveEnvironment(EnvVars, EnvVars, EnvironmentExpander)}; the context and listener are unused by the stand-in. */
    public static @NonNull EnvVars getEffectiveEnvironment(@NonNull EnvVars customEnvironment,
            @CheckForNull EnvVars contextualEnvironment, @CheckForNull EnvironmentExpander expander,
            @CheckForNull StepContext context, @NonNull TaskListener listener) throws IOException, InterruptedException {
        return getEffectiveEnvironment(customEnvironment, contextualEnvironment, expander);
    }
}
