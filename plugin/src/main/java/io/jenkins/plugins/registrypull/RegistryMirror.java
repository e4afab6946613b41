package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.mirror.PullFromMirror;
import java.io.Serializable;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One mirror of a {@link MirroredRegistry}, as a {@code [[registry.mirror]]} of containers-registries.conf(5), plus what
 * registries.conf cannot say: the credentials this mirror logs in with (never the registry's) and the CA certificate
 * it is trusted with. Serializable: it travels to the agent with the pull (ids and flags only, no secret).
 */
public final class RegistryMirror extends AbstractDescribableImpl<RegistryMirror> implements Serializable {
    private static final long serialVersionUID = 1L;

    @NonNull
    private final String location;
    private boolean insecure;
    @NonNull
    private String pullFromMirror = PullFromMirror.ALL.value();
    @CheckForNull
    private String credentialsId;
    @CheckForNull
    private String caCertificateId;

    /** @param location {@code host[:port][/path]} replacing the registry's prefix, without {@code https://} */
    @DataBoundConstructor
    public RegistryMirror(@NonNull String location) {
        this.location = Util.fixNull(location).trim();
    }

    @NonNull
    public String getLocation() {
        return location;
    }

    public boolean isInsecure() {
        return insecure;
    }

    @DataBoundSetter
    public void setInsecure(boolean insecure) {
        this.insecure = insecure;
    }

    @NonNull
    public String getPullFromMirror() {
        return pullFromMirror;
    }

    /** {@code all} (default), {@code digest-only} or {@code tag-only}. */
    @DataBoundSetter
    public void setPullFromMirror(@CheckForNull String pullFromMirror) {
        String value = Util.fixEmptyAndTrim(pullFromMirror);
        this.pullFromMirror = value == null ? PullFromMirror.ALL.value() : value;
    }

    @CheckForNull
    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(@CheckForNull String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    @CheckForNull
    public String getCaCertificateId() {
        return caCertificateId;
    }

    @DataBoundSetter
    public void setCaCertificateId(@CheckForNull String caCertificateId) {
        this.caCertificateId = Util.fixEmptyAndTrim(caCertificateId);
    }

    @Override
    public String toString() {
        return "RegistryMirror[" + location + (insecure ? ", insecure" : "") + ", " + pullFromMirror
                + (credentialsId != null ? ", credentials " + credentialsId : ", anonymous") + "]";
    }

    @Extension
    @Symbol("registryMirror")
    public static final class DescriptorImpl extends Descriptor<RegistryMirror> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.RegistryMirror_DisplayName();
        }

        @POST
        public ListBoxModel doFillPullFromMirrorItems() {
            ListBoxModel model = new ListBoxModel();
            model.add(Messages.RegistryMirror_PullFromMirrorAll(), PullFromMirror.ALL.value());
            model.add(Messages.RegistryMirror_PullFromMirrorDigestOnly(), PullFromMirror.DIGEST_ONLY.value());
            model.add(Messages.RegistryMirror_PullFromMirrorTagOnly(), PullFromMirror.TAG_ONLY.value());
            return model;
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
            return RegistryPullForms.fillCredentials(null, credentialsId, null, RegistryPullForms.LOGIN_TYPES);
        }

        @POST
        public ListBoxModel doFillCaCertificateIdItems(@QueryParameter String caCertificateId) {
            return RegistryPullForms.fillCredentials(null, caCertificateId, null, RegistryPullForms.PEM_TYPES);
        }

        @POST
        public FormValidation doCheckLocation(@QueryParameter String value) {
            return MirroredRegistry.checkLocation(value, false);
        }

        @POST
        public FormValidation doCheckPullFromMirror(@QueryParameter String value) {
            try {
                PullFromMirror.parse(value, "pullFromMirror");
                return FormValidation.ok();
            } catch (InvalidInputException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }
}
