// Stand-in for jenkins.model.FullyNamedModelObject from org.jenkins-ci.main:jenkins-core:2.541.3 (without @StaplerAccessibleType, which only Stapler's web
// binding reads).
package jenkins.model;

import hudson.model.ModelObject;

/** Objects that can be qualified in the context of a Jenkins instance. */
public interface FullyNamedModelObject extends ModelObject {
    String getFullDisplayName();
}
