// Stand-in for jenkins.agents.ControllerToAgentFileCallable from org.jenkins-ci.main:jenkins-core:2.541.3.
package jenkins.agents;

import hudson.FilePath;
import jenkins.security.Roles;
import org.jenkinsci.remoting.RoleChecker;

/** {@link FilePath.FileCallable} meant to be serialized then run on an agent. */
public interface ControllerToAgentFileCallable<T> extends FilePath.FileCallable<T> {
    @Override
    default void checkRoles(RoleChecker checker) throws SecurityException {
        checker.check(this, Roles.SLAVE);
    }
}
