// Stand-in for jenkins.agents.ControllerToAgentCallable from org.jenkins-ci.main:jenkins-core:2.541.3.
package jenkins.agents;

import hudson.remoting.Callable;
import jenkins.security.Roles;
import org.jenkinsci.remoting.RoleChecker;

/** {@link Callable} meant to be serialized then run on an agent. */
public interface ControllerToAgentCallable<V, T extends Throwable> extends Callable<V, T> {
    @Override
    default void checkRoles(RoleChecker checker) throws SecurityException {
        checker.check(this, Roles.SLAVE);
    }
}
