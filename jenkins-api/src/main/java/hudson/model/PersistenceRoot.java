// Stand-in for hudson.model.PersistenceRoot from org.jenkins-ci.main:jenkins-core:2.541.3.
package hudson.model;

import java.io.File;

/** Root object of a persisted object tree that gets its own file system directory. */
public interface PersistenceRoot extends Saveable {
    File getRootDir();
}
