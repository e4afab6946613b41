package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.credhelper.RegistryNames;
import java.io.Serializable;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One registry and the Jenkins credentials for it, as {@code withRegistryAuth(registries: [...])} and the freestyle
 * wrapper's "Registry credentials for the build's own commands" list them:
 * {@code registryCredential(registry: 'reg.example.com', credentialsId: 'reg-token')}.
 */
public final class RegistryCredential extends AbstractDescribableImpl<RegistryCredential> implements Serializable {
    private static final long serialVersionUID = 1L;

    @NonNull
    private final String registry;
    @NonNull
    private final String credentialsId;

    @DataBoundConstructor
    public RegistryCredential(String registry, String credentialsId) {
        this.registry = Util.fixNull(Util.fixEmptyAndTrim(registry));
        this.credentialsId = Util.fixNull(Util.fixEmptyAndTrim(credentialsId));
    }

    /** The registry host as configured: {@code host} or {@code host:port}. */
    @NonNull
    public String getRegistry() {
        return registry;
    }

    @NonNull
    public String getCredentialsId() {
        return credentialsId;
    }

    @Override
    public String toString() {
        return registry + " with credentials '" + credentialsId + "'";
    }

    /** An image on {@code registry}, so the image-based form helpers can derive the credentials domain from it. */
    @CheckForNull
    static String sampleImage(@CheckForNull String registry) {
        String normalized = RegistryNames.normalize(Util.fixNull(registry));
        return normalized == null ? null : normalized + "/registry-auth";
    }

    static FormValidation checkRegistry(@CheckForNull String value) {
        try {
            String normalized = RegistryNames.parseConfigured(value, "registry");
            return FormValidation.ok(Messages.WithRegistryAuth_RegistryOk(normalized));
        } catch (InvalidInputException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @Extension
    @Symbol("registryCredential")
    public static final class DescriptorImpl extends Descriptor<RegistryCredential> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.RegistryCredential_DisplayName();
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId,
                @QueryParameter String registry) {
            return RegistryPullForms.fillCredentials(item, credentialsId, sampleImage(registry), RegistryPullForms.LOGIN_TYPES);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value,
                @QueryParameter String registry) {
            if (Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.error(Messages.WithRegistryAuth_CredentialsRequired());
            }
            return RegistryPullForms.checkCredentials(item, value, sampleImage(registry), RegistryPullForms.LOGIN_TYPES);
        }

        @POST
        public FormValidation doCheckRegistry(@QueryParameter String value) {
            return checkRegistry(value);
        }
    }
}
