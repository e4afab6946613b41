// Stand-in for hudson.model.Queue from org.jenkins-ci.main:jenkins-core:2.541.3 (only the nested Task type).
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.ACL;
import jenkins.model.FullyNamedModelObject;
import org.springframework.security.core.Authentication;

/** Build queue. */
public class Queue {
    // Jenkins constructs the one queue itself (its only constructor takes a LoadBalancer nothing here uses).
    private Queue() {
    }

    /** Task whose execution is controlled by the queue. */
    public interface Task extends FullyNamedModelObject {
        /**
         * The authentication a build of this task runs as when no {@code QueueItemAuthenticator} says otherwise
         * (in Jenkins also a legacy override of {@code getDefaultAuthentication()}, which no stand-in has).
         */
        default @NonNull Authentication getDefaultAuthentication2() {
            return ACL.SYSTEM2;
        }
    }
}
