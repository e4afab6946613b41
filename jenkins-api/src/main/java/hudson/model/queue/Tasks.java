// Stand-in for hudson.model.queue.Tasks from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package hudson.model.queue;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Queue.Task;
import io.jenkins.registrypull.standin.StandIn;
import org.springframework.security.core.Authentication;

/** Convenience methods around {@link Task}. */
public class Tasks {
    /**
     * Finds what authentication a task is likely to be run under when scheduled: what the first
     * {@code QueueItemAuthenticator} gives (in the stand-in world the Authorize Project configuration of
     * {@code StandInJob.runAs}), else {@link Task#getDefaultAuthentication2()}.
     */
    public static @NonNull Authentication getAuthenticationOf2(@NonNull Task t) {
        Authentication a = StandIn.queueItemAuthentication(t);
        if (a != null) {
            return a;
        }
        return t.getDefaultAuthentication2();
    }
}
