// Stand-in for com.cloudbees.plugins.credentials.Credentials from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Run;
import java.io.Serializable;

/** A generic type of credentials. */
public interface Credentials extends Describable<Credentials>, Serializable, ExtensionPoint {
    /** Gets the scope of the credential. */
    @CheckForNull
    CredentialsScope getScope();

    @Override
    @NonNull
    CredentialsDescriptor getDescriptor();

    /** Optional method to contextualize the credentials for a given build. */
    @NonNull
    default Credentials forRun(@NonNull Run<?, ?> context) {
        return this;
    }
}
