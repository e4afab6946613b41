// Stand-in for jenkins.model.RunAction2 from org.jenkins-ci.main:jenkins-core:2.541.3.
package jenkins.model;

import hudson.model.Action;
import hudson.model.Run;

/** Optional interface for {@link Action}s that are attached to a {@link Run}. */
public interface RunAction2 extends Action {
    /** Called when added to a build (not when loaded). */
    void onAttached(Run<?, ?> r);

    /** Called after a build is loaded to which this action was previously attached. */
    void onLoad(Run<?, ?> r);
}
