// Stand-in for jenkins.tasks.SimpleBuildWrapper from org.jenkins-ci.main:jenkins-core:2.541.3 (with the freestyle
// plumbing: setUp(AbstractBuild, Launcher, BuildListener) and its environment wrapper; preCheckout, decorateLogger and
// getProjectActions are not mirrored).
package jenkins.tasks;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.console.ConsoleLogFilter;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildWrapper;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.Beta;

/** A generalization of {@link BuildWrapper} that, like {@code SimpleBuildStep}, may be called at the start of a build. */
public abstract class SimpleBuildWrapper extends BuildWrapper {
    /** Called when a segment of a build is started that is to be enhanced with this wrapper. */
    public void setUp(Context context, Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener,
            EnvVars initialEnvironment) throws IOException, InterruptedException {
        throw new AbstractMethodError("Unless a build wrapper is marked as not requiring a workspace context, you must implement the overload of the setUp() method that takes a workspace and launcher.");
    }

    /** Called when a segment of a build is started that is to be enhanced with this wrapper, without a workspace. */
    public void setUp(Context context, Run<?, ?> build, TaskListener listener, EnvVars initialEnvironment)
            throws IOException, InterruptedException {
        throw new AbstractMethodError("When a build wrapper is marked as not requiring a workspace context, you must implement the overload of the setUp() method that does not take a workspace or launcher.");
    }

    /** Determines whether or not this wrapper requires a workspace context (working directory and launcher). */
    public boolean requiresWorkspace() {
        return true;
    }

    /** Creates a new context to be passed to setUp. */
    @Restricted(Beta.class) // to indicate it is to be called by Jenkins internals only; not part of the normal API
    public Context createContext() {
        return new Context();
    }

    /** Parameter passed to setUp to allow an implementation to specify its behavior after the initial setup. */
    public static final class Context {
        private Disposer disposer;
        private final Map<String, String> env = new HashMap<>();

        @Deprecated
        public Context() {
        }

        /** Specify an environment variable override to apply to processes launched within the block. */
        public void env(String key, String value) {
            if (env.containsKey(key)) {
                throw new IllegalStateException("just one binding for " + key);
            }
            env.put(key, value);
        }

        public @NonNull Map<String, String> getEnv() {
            return env;
        }

        /** Specify an action to take when the block ends. */
        public void setDisposer(@NonNull Disposer disposer) {
            if (this.disposer != null) {
                throw new IllegalStateException("just one disposer");
            }
            this.disposer = disposer;
        }

        public @CheckForNull Disposer getDisposer() {
            return disposer;
        }
    }

    /** An optional callback to run at the end of the wrapped block. Must be safely serializable. */
    public abstract static class Disposer implements Serializable {
        private static final long serialVersionUID = 1L;

        public Disposer() {
        }

        /** Attempt to clean up anything that was done in the initial setUp call. */
        public void tearDown(Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener)
                throws IOException, InterruptedException {
            if (Util.isOverridden(Disposer.class, getClass(), "tearDown", Run.class, TaskListener.class)) {
                tearDown(build, listener);
            } else {
                throw new AbstractMethodError("Unless a build wrapper is marked as not requiring a workspace context, you must implement the overload of the tearDown() method that takes a workspace and launcher.");
            }
        }

        /** Attempt to clean up anything that was done in the initial setUp call, without a workspace. */
        public void tearDown(Run<?, ?> build, TaskListener listener) throws IOException, InterruptedException {
            throw new AbstractMethodError("When a build wrapper is marked as not requiring a workspace context, you must implement the overload of the tearDown() method that does not take a workspace or launcher.");
        }

        /** Whether this disposer requires a workspace context (true when the workspace variant of tearDown is overridden). */
        @Restricted(Beta.class) // to indicate it is to be called by Jenkins internals only; not part of the normal API
        public final boolean requiresWorkspace() {
            return Util.isOverridden(Disposer.class, getClass(), "tearDown", Run.class, FilePath.class, Launcher.class, TaskListener.class);
        }
    }

    /** Allows this wrapper to decorate log output. */
    public @CheckForNull ConsoleLogFilter createLoggerDecorator(@NonNull Run<?, ?> build) {
        return null;
    }

    /**
     * How a freestyle build runs the wrapper (as Jenkins): a fresh context, the workspace variant of setUp with the
     * build's environment, then an environment that overrides the build's variables with the context's and calls the
     * disposer's workspace variant of tearDown (which defers to the other when that is the one implemented).
     */
    @Override
    @SuppressWarnings("rawtypes")
    public final Environment setUp(AbstractBuild build, final Launcher launcher, BuildListener listener) throws IOException, InterruptedException {
        if (runPreCheckout()) {
            return new Environment() {};
        } else {
            final Context c = this.createContext();
            setUp(c, build, build.getWorkspace(), launcher, listener, build.getEnvironment(listener));
            return new EnvironmentWrapper(c, launcher);
        }
    }

    private class EnvironmentWrapper extends Environment {
        private final Context c;
        private final Launcher launcher;

        EnvironmentWrapper(Context c, Launcher launcher) {
            this.c = c;
            this.launcher = launcher;
        }

        @Override
        public void buildEnvVars(Map<String, String> env) {
            if (env instanceof EnvVars) {
                ((EnvVars) env).overrideAll(c.getEnv());
            } else {
                env.putAll(c.getEnv());
            }
        }

        @Override
        @SuppressWarnings("rawtypes")
        public boolean tearDown(AbstractBuild build, BuildListener listener) throws IOException, InterruptedException {
            if (c.getDisposer() != null) {
                c.getDisposer().tearDown(build, build.getWorkspace(), launcher, listener);
            }
            return true;
        }
    }

    /** By default, when run as part of an {@code AbstractBuild}, will run late, in the setUp phase. */
    protected boolean runPreCheckout() {
        return false;
    }
}
