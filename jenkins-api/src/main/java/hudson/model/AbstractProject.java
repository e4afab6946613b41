// Stand-in for hudson.model.AbstractProject from org.jenkins-ci.main:jenkins-core:2.541.3 (type and constructor only).
package hudson.model;

/** Base implementation of {@link Job}s that build software. */
public abstract class AbstractProject<P extends AbstractProject<P, R>, R extends AbstractBuild<P, R>> extends Job<P, R>
        implements BuildableItem {
    @SuppressWarnings("rawtypes")
    protected AbstractProject(ItemGroup parent, String name) {
        super(parent, name);
    }
}
