// Stand-in for jenkins.security.Roles from org.jenkins-ci.main:jenkins-core:2.541.3.
package jenkins.security;

import org.jenkinsci.remoting.Role;

/** Predefined {@link Role}s in Jenkins. */
public class Roles {
    /** Indicates that a callable runs on masters, requested by agents/CLI/maven/whatever. */
    public static final Role MASTER = new Role("master");

    /** Indicates that a callable is meant to run on agents. */
    public static final Role SLAVE = new Role("slave");

    private Roles() {
    }
}
