// Stand-in for jenkins.model.CauseOfInterruption from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package jenkins.model;

import hudson.model.TaskListener;
import java.io.Serializable;

/** Records why an executor was interrupted. */
public abstract class CauseOfInterruption implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Human readable description of why the build is interrupted. */
    public abstract String getShortDescription();

    /** Report a line to the listener about this cause. */
    public void print(TaskListener listener) {
        listener.getLogger().println(getShortDescription());
    }
}
