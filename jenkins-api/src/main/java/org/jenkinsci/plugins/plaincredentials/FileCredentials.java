// Stand-in for org.jenkinsci.plugins.plaincredentials.FileCredentials from org.jenkins-ci.plugins:plain-credentials:199.v9f8e1f741799 (the NameProvider is not mirrored).
package org.jenkinsci.plugins.plaincredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import java.io.InputStream;

/** Secret file: a file name and its content. */
public interface FileCredentials extends StandardCredentials {
    /** Display name of the original file. */
    @NonNull
    String getFileName();

    /** Contents of the file. */
    @NonNull
    InputStream getContent() throws IOException;
}
