// Stand-in for hudson.ExtensionPoint from org.jenkins-ci.main:jenkins-core:2.541.3.
package hudson;

/** Marker interface that designates extensible components in Jenkins that can be implemented by plugins. */
public interface ExtensionPoint {
}
