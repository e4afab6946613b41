// Stand-in for com.cloudbees.plugins.credentials.CredentialsMatcher from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/** Something that matches credentials. */
public interface CredentialsMatcher extends Serializable {
    /** Evaluates the matcher for the specified credentials. */
    boolean matches(@NonNull Credentials item);
}
