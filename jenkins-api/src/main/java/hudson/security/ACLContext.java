// Stand-in for hudson.security.ACLContext from org.jenkins-ci.main:jenkins-core:2.541.3.
package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/** A {@link AutoCloseable} that restores the previous security context on close. */
public class ACLContext implements AutoCloseable {
    @NonNull
    private final SecurityContext previousContext;

    ACLContext(@NonNull SecurityContext previousContext) {
        this.previousContext = previousContext;
    }

    @Deprecated
    public SecurityContext getPreviousContext() {
        return previousContext;
    }

    @Override
    public void close() {
        SecurityContextHolder.setContext(previousContext);
    }
}
