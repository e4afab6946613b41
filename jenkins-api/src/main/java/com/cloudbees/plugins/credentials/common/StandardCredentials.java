// Stand-in for com.cloudbees.plugins.credentials.common.StandardCredentials from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials.common;

import edu.umd.cs.findbugs.annotations.NonNull;

/** Credentials that have an ID and a description. */
public interface StandardCredentials extends IdCredentials {
    /** Returns the description. */
    @NonNull
    String getDescription();
}
