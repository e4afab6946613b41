// Stand-in for hudson.LauncherDecorator from org.jenkins-ci.main:jenkins-core:2.541.3.
package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Node;

/** Decorates {@link Launcher} so that one can intercept executions of commands and alters the command being executed. */
public abstract class LauncherDecorator implements ExtensionPoint {
    @NonNull
    public abstract Launcher decorate(@NonNull Launcher launcher, @NonNull Node node);
}
