// Stand-in for hudson.model.Describable from org.jenkins-ci.main:jenkins-core:2.541.3.
package hudson.model;

/** Classes that are described by {@link Descriptor}. */
public interface Describable<T extends Describable<T>> {
    Descriptor<T> getDescriptor();
}
