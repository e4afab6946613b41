// Stand-in for jenkins.MasterToSlaveFileCallable from org.jenkins-ci.main:jenkins-core:2.541.3.
package jenkins;

import jenkins.agents.ControllerToAgentFileCallable;

/** {@link hudson.FilePath.FileCallable}s that could run on an agent. */
public abstract class MasterToSlaveFileCallable<T> implements ControllerToAgentFileCallable<T> {
    private static final long serialVersionUID = 1L;
}
