// Stand-in for hudson.model.Environment from org.jenkins-ci.main:jenkins-core:2.541.3.
package hudson.model;

import hudson.EnvVars;
import java.io.IOException;
import java.util.Map;

/** Represents some resources that are set up for the duration of a build to be torn down when the build is over. */
public abstract class Environment {
    /** Adds environmental variables for the builds to the given map. */
    public void buildEnvVars(Map<String, String> env) {
        // no-op by default
    }

    /** Runs after the build is finished to perform clean up; false fails the build. */
    @SuppressWarnings("rawtypes")
    public boolean tearDown(AbstractBuild build, BuildListener listener) throws IOException, InterruptedException {
        return true;
    }

    /** Creates {@link Environment} implementation that just sets the variables as given in the parameter. */
    public static Environment create(final EnvVars envVars) {
        return new Environment() {
            @Override
            public void buildEnvVars(Map<String, String> env) {
                env.putAll(envVars);
            }
        };
    }
}
