// Stand-in for com.microsoft.azure.util.AzureBaseCredentials from org.jenkins-ci.plugins:azure-credentials:421.vb_ffd07e951a_2 (subset of members).
package com.microsoft.azure.util;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;

/** The base of the azure-credentials plugin's credential types. */
public abstract class AzureBaseCredentials extends BaseStandardCredentials {
    public AzureBaseCredentials(CredentialsScope scope, String id, String description) {
        super(scope, id, description);
    }

    public abstract String getActiveDirectoryEndpoint();

    public abstract String getSubscriptionId();
}
