// Stand-in for hudson.model.AbstractBuild from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.FilePath;
import java.io.IOException;

/** Base implementation of {@link Run}s that build software. */
public abstract class AbstractBuild<P extends AbstractProject<P, R>, R extends AbstractBuild<P, R>> extends Run<P, R> {
    private transient volatile FilePath workspace;

    protected AbstractBuild(P job) throws IOException {
        super(job);
    }

    public final P getProject() {
        return getParent();
    }

    /** Gets the directory where this build is being built. */
    public final @CheckForNull FilePath getWorkspace() {
        return workspace;
    }

    protected void setWorkspace(@NonNull FilePath ws) {
        this.workspace = ws;
    }
}
