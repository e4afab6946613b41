// Stand-in for hudson.model.AbstractCIBase from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members and
// supertypes: the Stapler and view interfaces are not mirrored).
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.AccessControlled;

/** The common base of {@code Jenkins}: a {@link Node} that holds the top-level items. */
public abstract class AbstractCIBase extends Node implements ItemGroup<TopLevelItem>, AccessControlled {
    /**
     * @deprecated Maybe you were trying to call {@link #getDisplayName()}.
     */
    @NonNull
    @Deprecated
    @Override
    public String getNodeName() {
        return "";
    }
}
