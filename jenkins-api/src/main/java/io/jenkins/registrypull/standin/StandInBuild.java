package io.jenkins.registrypull.standin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import hudson.model.Environment;
import hudson.model.Result;
import hudson.model.TaskListener;
import hudson.tasks.BuildWrapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A freestyle build of a {@link StandInProject}. {@link #run} drives build wrappers as {@code Build.BuildExecution}
 * does: each wrapper's {@code setUp(AbstractBuild, Launcher, BuildListener)} in order (a null environment fails the
 * build), the build steps with the environments' variables, then every environment's {@code tearDown} in reverse
 * order, also when a step failed.
 */
public final class StandInBuild extends AbstractBuild<StandInProject, StandInBuild> {
    private volatile boolean completed;

    StandInBuild(StandInProject project, FilePath workspace) throws IOException {
        super(project);
        setWorkspace(workspace);
    }

    /** The build steps: they see the build's environment with what the wrappers contributed. */
    @FunctionalInterface
    public interface Steps {
        void perform(EnvVars environment) throws Exception;
    }

    /** Runs {@code steps} wrapped by {@code wrappers}; the result is also the build's. */
    @NonNull
    public Result run(@NonNull List<? extends BuildWrapper> wrappers, @NonNull Launcher launcher, @NonNull BuildListener listener,
            @NonNull Steps steps) throws Exception {
        List<Environment> environments = new ArrayList<>();
        Result result = Result.SUCCESS;
        try {
            for (BuildWrapper w : wrappers) {
                Environment e = w.setUp(this, launcher, listener);
                if (e == null) {
                    result = Result.FAILURE;
                    return result;
                }
                environments.add(e);
            }
            EnvVars env = getEnvironment(listener);
            for (Environment e : environments) {
                e.buildEnvVars(env);
            }
            steps.perform(env);
        } finally {
            for (int i = environments.size() - 1; i >= 0; i--) {
                if (!environments.get(i).tearDown(this, listener)) {
                    result = Result.FAILURE;
                }
            }
            setResult(result);
            completed = true;
        }
        return result;
    }

    /**
     * As {@code Run.getEnvironment}: the executing computer's environment (here this JVM's, as the stand-in
     * {@code Computer.getEnvironment}), overridden by the build's own variables.
     */
    @NonNull
    @Override
    public EnvVars getEnvironment(@NonNull TaskListener listener) throws IOException, InterruptedException {
        return new EnvVars(System.getenv()).overrideAll(super.getEnvironment(listener));
    }

    @Override
    public boolean isBuilding() {
        return !completed;
    }

    @Override
    public boolean isLogUpdated() {
        return !completed;
    }
}
