// Stand-in for com.cloudbees.plugins.credentials.CredentialsDescriptor from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe (subset of members).
package com.cloudbees.plugins.credentials;

import hudson.model.Descriptor;

/** Descriptor for credentials. */
public abstract class CredentialsDescriptor extends Descriptor<Credentials> {
    protected CredentialsDescriptor(Class<? extends Credentials> clazz) {
        super(clazz);
    }

    protected CredentialsDescriptor() {
    }

    /** Returns true if this {@link CredentialsDescriptor} is applicable within the specified {@link CredentialsProvider}. */
    public boolean isApplicable(CredentialsProvider provider) {
        return true;
    }
}
