// Stand-in for org.jenkinsci.plugins.plaincredentials.StringCredentials from org.jenkins-ci.plugins:plain-credentials:199.v9f8e1f741799 (the NameProvider is not mirrored).
package org.jenkinsci.plugins.plaincredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;

/** Simple secret text, such as an API token. */
public interface StringCredentials extends StandardCredentials {
    @NonNull
    Secret getSecret();
}
