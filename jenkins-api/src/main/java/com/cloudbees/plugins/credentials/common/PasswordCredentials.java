// Stand-in for com.cloudbees.plugins.credentials.common.PasswordCredentials from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;

/** Credentials that have a password. */
public interface PasswordCredentials extends Credentials {
    /** Gets the password. */
    @NonNull
    Secret getPassword();
}
