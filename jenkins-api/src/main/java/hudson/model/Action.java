// Stand-in for hudson.model.Action from org.jenkins-ci.main:jenkins-core:2.541.3.
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/** Object that contributes additional information, behaviors, and UIs to {@link ModelObject}. */
public interface Action extends ModelObject {
    @CheckForNull
    String getIconFileName();

    @Override
    @CheckForNull
    String getDisplayName();

    @CheckForNull
    String getUrlName();
}
