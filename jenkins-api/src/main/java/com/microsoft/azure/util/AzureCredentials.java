// Stand-in for com.microsoft.azure.util.AzureCredentials from org.jenkins-ci.plugins:azure-credentials:421.vb_ffd07e951a_2 (subset of members).
package com.microsoft.azure.util;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.util.Secret;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * An Azure service principal of the azure-credentials plugin: tenant, client id, and a client secret or (through
 * {@link #getCertificateId()}) a certificate credential.
 */
public class AzureCredentials extends AzureBaseCredentials {
    private static final long serialVersionUID = 1L;

    /** Azure's public cloud, what the real credential uses unless another Azure environment is chosen. */
    private static final String PUBLIC_CLOUD_AUTHORITY = "https://login.microsoftonline.com/";

    private final String subscriptionId;
    private final String clientId;
    private final Secret clientSecret;
    private String tenant = "";
    private String certificateId = "";

    @DataBoundConstructor
    public AzureCredentials(CredentialsScope scope, String id, String description, String subscriptionId, String clientId,
            Secret clientSecret) {
        super(scope, id, description);
        this.subscriptionId = subscriptionId;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    @Override
    public String getSubscriptionId() {
        return subscriptionId;
    }

    public String getClientId() {
        return clientId;
    }

    public Secret getClientSecret() {
        return clientSecret;
    }

    public String getPlainClientSecret() {
        return clientSecret.getPlainText();
    }

    @DataBoundSetter
    public void setCertificateId(String certificateId) {
        this.certificateId = certificateId == null ? "" : certificateId;
    }

    public String getCertificateId() {
        return certificateId;
    }

    public String getTenant() {
        return tenant;
    }

    @DataBoundSetter
    public void setTenant(String tenant) {
        this.tenant = tenant == null ? "" : tenant;
    }

    @Override
    public String getActiveDirectoryEndpoint() {
        return PUBLIC_CLOUD_AUTHORITY;
    }
}
