// Stand-in for hudson.model.Describable from org.jenkins-ci.main:jenkins-core:2.541.3.
package hudson.model;

/** Classes that are described by {@link Descriptor}. */
public interface Describable<T extends Describable<T>> {
    /** Gets the descriptor for this instance. {@link Descriptor} is a singleton for every concrete {@link Describable}. */
    @SuppressWarnings("unchecked")
    default Descriptor<T> getDescriptor() {
        return jenkins.model.Jenkins.get().getDescriptorOrDie(getClass());
    }
}
