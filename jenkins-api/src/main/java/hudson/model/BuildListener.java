// Stand-in for hudson.model.BuildListener from org.jenkins-ci.main:jenkins-core:2.541.3 (type only; started/finished are not mirrored).
package hudson.model;

/** Receives events that happen during a build. */
public interface BuildListener extends TaskListener {
}
