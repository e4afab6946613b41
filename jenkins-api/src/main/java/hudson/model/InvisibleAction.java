// Stand-in for hudson.model.InvisibleAction from org.jenkins-ci.main:jenkins-core:2.541.3.
package hudson.model;

/** Partial {@link Action} implementation that doesn't have any UI presence. */
public abstract class InvisibleAction implements Action {
    @Override
    public final String getIconFileName() {
        return null;
    }

    @Override
    public final String getDisplayName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
