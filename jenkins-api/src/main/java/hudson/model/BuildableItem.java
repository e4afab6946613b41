// Stand-in for hudson.model.BuildableItem from org.jenkins-ci.main:jenkins-core:2.541.3 (type only).
package hudson.model;

import hudson.model.Queue.Task;

/** {@link Item} that can be "built", for some definition of "build". */
public interface BuildableItem extends Item, Task {
}
