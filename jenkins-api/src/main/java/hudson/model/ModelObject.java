// Stand-in for hudson.model.ModelObject from org.jenkins-ci.main:jenkins-core:2.541.3.
package hudson.model;

/** A model object has a human readable name. */
public interface ModelObject {
    String getDisplayName();
}
