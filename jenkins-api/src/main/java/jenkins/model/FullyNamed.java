// Stand-in for jenkins.model.FullyNamed from org.jenkins-ci.main:jenkins-core:2.541.3.
package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;

/** An interface for objects that have a name and a parent, so exposing a full name. */
public interface FullyNamed {
    @NonNull
    String getFullName();
}
