// Stand-in for com.cloudbees.plugins.credentials.common.StandardListBoxModel from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials.common;

import edu.umd.cs.findbugs.annotations.NonNull;

/** {@link AbstractIdCredentialsListBoxModel} for {@link StandardCredentials}. */
public class StandardListBoxModel extends AbstractIdCredentialsListBoxModel<StandardListBoxModel, StandardCredentials> {
    private static final long serialVersionUID = 1L;

    /** Stand-in for CredentialsNameProvider.name(c): the description if any, else the id. */
    @NonNull
    @Override
    protected String describe(@NonNull StandardCredentials c) {
        String d = c.getDescription();
        return d.isEmpty() ? c.getId() : d;
    }
}
