// Stand-in for jenkins.security.MasterToSlaveCallable from org.jenkins-ci.main:jenkins-core:2.541.3.
package jenkins.security;

import jenkins.agents.ControllerToAgentCallable;

/** {@link hudson.remoting.Callable} meant to be run on agent. */
public abstract class MasterToSlaveCallable<V, T extends Throwable> implements ControllerToAgentCallable<V, T> {
    private static final long serialVersionUID = 1L;
}
