// Stand-in for hudson.tasks.BuildWrapper from org.jenkins-ci.main:jenkins-core:2.541.3 (subset: the members SimpleBuildWrapper subclasses use).
package hudson.tasks;

import hudson.ExtensionPoint;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Run;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import jenkins.model.Jenkins;

/** Pluggability point for performing pre/post actions for the build process. */
public abstract class BuildWrapper implements ExtensionPoint, Describable<BuildWrapper> {
    /** Provides an opportunity for a {@link BuildWrapper} to decorate a {@link Launcher} to be used in the build. */
    @SuppressWarnings("rawtypes")
    public Launcher decorateLauncher(AbstractBuild build, Launcher launcher, BuildListener listener)
            throws IOException, InterruptedException, Run.RunnerAbortedException {
        return launcher;
    }

    /** May be overridden to provide additional build variables. */
    @SuppressWarnings("rawtypes")
    public void makeBuildVariables(AbstractBuild build, Map<String, String> variables) {
    }

    /** May be overridden to provide names of sensitive build variables. */
    @SuppressWarnings("rawtypes")
    public void makeSensitiveBuildVariables(AbstractBuild build, Set<String> sensitiveVariables) {
    }


    /** Represents the environments that a build wrapper set up (stand-in: no members of its own). */
    public abstract class Environment extends hudson.model.Environment {
    }

    /**
     * Runs before the build steps; the returned environment contributes variables and is torn down after the build.
     * As in Jenkins, only the deprecated {@code Build} variant is left to call, which the stand-in does not have:
     * subclasses (SimpleBuildWrapper) override this.
     */
    @SuppressWarnings("rawtypes")
    public Environment setUp(AbstractBuild build, Launcher launcher, BuildListener listener) throws IOException, InterruptedException {
        throw new AssertionError("The plugin '" + this.getClass().getName() + "' still uses deprecated setUp(Build,Launcher,BuildListener) method. "
                + "Update the plugin to use setUp(AbstractBuild, Launcher, BuildListener) instead.");
    }
}
