// Stand-in for hudson.model.Saveable from org.jenkins-ci.main:jenkins-core:2.541.3.
package hudson.model;

import java.io.IOException;

/** Object whose state is persisted to XML. */
public interface Saveable {
    void save() throws IOException;

    Saveable NOOP = () -> { };
}
