// Stand-in for hudson.slaves.WorkspaceList from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package hudson.slaves;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.FilePath;

/** Used by {@link hudson.model.Computer} to keep track of workspaces that are actively in use. */
public final class WorkspaceList {
    /** The token that combines the project name and unique number to create unique workspace directory. */
    public static final String COMBINATOR = "@";

    /**
     * Locates a conventional temporary directory to be associated with a workspace: a sibling directory, for example
     * {@code …/something@tmp} for {@code …/something}, or {@code null} if {@link FilePath#getParent} is null. It may
     * not exist yet.
     */
    @CheckForNull
    public static FilePath tempDir(FilePath ws) {
        return ws.sibling(ws.getName() + COMBINATOR + "tmp");
    }
}
