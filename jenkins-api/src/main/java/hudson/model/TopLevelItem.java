// Stand-in for hudson.model.TopLevelItem from org.jenkins-ci.main:jenkins-core:2.541.3 (type only).
package hudson.model;

import hudson.ExtensionPoint;

/** {@link Item} that can be directly displayed under {@code Jenkins} or other {@code ViewGroup}s. */
public interface TopLevelItem extends Item, ExtensionPoint, Describable<TopLevelItem> {
}
