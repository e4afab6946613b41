// Stand-in for org.jenkinsci.remoting.RoleSensitive from org.jenkins-ci.main:remoting:3352.v17a_fb_4b_2773f.
package org.jenkinsci.remoting;

/** Used by {@code Callable}-like objects to designate the intended recipient of the callable. */
public interface RoleSensitive {
    void checkRoles(RoleChecker checker) throws SecurityException;
}
