// Stand-in for com.cloudbees.plugins.credentials.common.UsernameCredentials from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import edu.umd.cs.findbugs.annotations.NonNull;

/** Credentials that have a username. */
public interface UsernameCredentials extends Credentials {
    /** Gets the username. */
    @NonNull
    String getUsername();

    /** Whether the username should be masked in build logs. */
    default boolean isUsernameSecret() {
        return false;
    }
}
