// Stand-in for com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe (no FIPS length check).
package com.cloudbees.plugins.credentials.impl;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.Extension;
import hudson.Util;
import hudson.model.Descriptor;
import hudson.util.Secret;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** Concrete implementation of {@link StandardUsernamePasswordCredentials}. */
public class UsernamePasswordCredentialsImpl extends BaseStandardCredentials implements StandardUsernamePasswordCredentials {
    private static final long serialVersionUID = 1L;

    @NonNull
    private final String username;

    @NonNull
    private final Secret password;

    @Nullable
    private Boolean usernameSecret = false;

    @DataBoundConstructor
    public UsernamePasswordCredentialsImpl(@CheckForNull CredentialsScope scope, @CheckForNull String id,
            @CheckForNull String description, @CheckForNull String username, @CheckForNull String password)
            throws Descriptor.FormException {
        super(scope, id, description);
        this.username = Util.fixNull(username);
        this.password = Secret.fromString(password);
    }

    @Override
    @NonNull
    public Secret getPassword() {
        return password;
    }

    @Override
    @NonNull
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isUsernameSecret() {
        return usernameSecret != null ? usernameSecret : true;
    }

    @DataBoundSetter
    public void setUsernameSecret(boolean usernameSecret) {
        this.usernameSecret = usernameSecret;
    }

    @Extension(ordinal = 1)
    @Symbol("usernamePassword")
    public static class DescriptorImpl extends BaseStandardCredentialsDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Username with password";
        }
    }
}
