// Stand-in for hudson.model.AbstractDescribableImpl from org.jenkins-ci.main:jenkins-core:2.541.3.
package hudson.model;

import jenkins.model.Jenkins;

/** Partial default implementation of {@link Describable}. */
@Deprecated
public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {
}
