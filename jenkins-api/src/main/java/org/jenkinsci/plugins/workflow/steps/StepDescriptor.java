// Stand-in for org.jenkinsci.plugins.workflow.steps.StepDescriptor from org.jenkins-ci.plugins.workflow:workflow-step-api:710.v3e456cc85233 (subset of members).
package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.ExtensionList;
import hudson.model.Descriptor;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/** The descriptor of a {@link Step}. */
public abstract class StepDescriptor extends Descriptor<Step> {
    public StepDescriptor() {
    }

    /** Returns the context {@link Step} needs to access: {@code Run}, {@code FilePath}, {@code TaskListener}... */
    public abstract Set<? extends Class<?>> getRequiredContext();

    /** Returns the context {@link Step} adds/sets/modifies when executing a body. */
    public Set<? extends Class<?>> getProvidedContext() {
        return Collections.emptySet();
    }

    /** Return a short string that is a valid identifier for programming languages. */
    public abstract String getFunctionName();

    /** Returns true if this step can accept an implicit block argument. */
    public boolean takesImplicitBlockArgument() {
        return false;
    }

    /** For UI presentation, an optional hint that this step is advanced. */
    public boolean isAdvanced() {
        return false;
    }

    /** Some steps, such as {@code CoreStep} or {@code GenericSCMStep} can take arbitrary Describables. */
    public boolean isMetaStep() {
        return false;
    }

    /** Makes sure that the given {@link StepContext} has all the context parameters this descriptor wants to see. */
    public final void checkContextAvailability(StepContext c) throws MissingContextVariableException, IOException, InterruptedException {
        for (Class<?> type : getRequiredContext()) {
            Object v = c.get(type);
            if (v == null) {
                throw new MissingContextVariableException(type);
            }
        }
    }

    /** Used when displaying the step with its arguments; null when there is nothing short and safe to show. */
    @CheckForNull
    public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
        if (namedArgs.size() == 1) {
            Object val = namedArgs.values().iterator().next();
            if (val instanceof String || val instanceof Number || val instanceof Boolean) {
                return val.toString();
            }
        }
        return null;
    }

    public static ExtensionList<StepDescriptor> all() {
        return ExtensionList.lookup(StepDescriptor.class);
    }

    /** Convenience method to iterate all {@link StepDescriptor}s and find the one with the given function name. */
    public static @Nullable StepDescriptor byFunctionName(String name) {
        for (StepDescriptor d : all()) {
            if (d.getFunctionName().equals(name)) {
                return d;
            }
        }
        return null;
    }
}
