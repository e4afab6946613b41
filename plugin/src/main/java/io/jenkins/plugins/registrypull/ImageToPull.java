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
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What to pull, as the user configured it: one image of the freestyle "Pull container images" wrapper, and the
 * settings behind the {@code registryPull} step's named arguments ({@link RegistryPullStep#getPull()}). Values are
 * normalised ({@code Util.fixEmptyAndTrim}: null means "not set") but not yet validated; {@link PullValidation} does
 * that, before any network call. Its descriptor serves the form checks, dropdowns and help of both.
 */
public final class ImageToPull extends AbstractDescribableImpl<ImageToPull> {
    @NonNull
    private final String image;
    @CheckForNull
    private String credentialsId;
    @CheckForNull
    private String platform;
    @CheckForNull
    private String target;
    @CheckForNull
    private String path;
    @CheckForNull
    private String digest;
    private boolean insecure;
    @CheckForNull
    private String caCertificateId;
    @CheckForNull
    private String verifyKeyId;
    private boolean requireSignature;
    private boolean requireDigest;
    private int timeout;

    @DataBoundConstructor
    public ImageToPull(String image) {
        this.image = Util.fixNull(Util.fixEmptyAndTrim(image));
    }

    @NonNull
    public String getImage() {
        return image;
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
    public String getPlatform() {
        return platform;
    }

    @DataBoundSetter
    public void setPlatform(@CheckForNull String platform) {
        this.platform = Util.fixEmptyAndTrim(platform);
    }

    @CheckForNull
    public String getTarget() {
        return target;
    }

    @DataBoundSetter
    public void setTarget(@CheckForNull String target) {
        this.target = Util.fixEmptyAndTrim(target);
    }

    @CheckForNull
    public String getPath() {
        return path;
    }

    @DataBoundSetter
    public void setPath(@CheckForNull String path) {
        this.path = Util.fixEmptyAndTrim(path);
    }

    @CheckForNull
    public String getDigest() {
        return digest;
    }

    @DataBoundSetter
    public void setDigest(@CheckForNull String digest) {
        this.digest = Util.fixEmptyAndTrim(digest);
    }

    public boolean isInsecure() {
        return insecure;
    }

    @DataBoundSetter
    public void setInsecure(boolean insecure) {
        this.insecure = insecure;
    }

    @CheckForNull
    public String getCaCertificateId() {
        return caCertificateId;
    }

    @DataBoundSetter
    public void setCaCertificateId(@CheckForNull String caCertificateId) {
        this.caCertificateId = Util.fixEmptyAndTrim(caCertificateId);
    }

    @CheckForNull
    public String getVerifyKeyId() {
        return verifyKeyId;
    }

    @DataBoundSetter
    public void setVerifyKeyId(@CheckForNull String verifyKeyId) {
        this.verifyKeyId = Util.fixEmptyAndTrim(verifyKeyId);
    }

    public boolean isRequireSignature() {
        return requireSignature;
    }

    @DataBoundSetter
    public void setRequireSignature(boolean requireSignature) {
        this.requireSignature = requireSignature;
    }

    public boolean isRequireDigest() {
        return requireDigest;
    }

    @DataBoundSetter
    public void setRequireDigest(boolean requireDigest) {
        this.requireDigest = requireDigest;
    }

    public int getTimeout() {
        return timeout;
    }

    /** Minutes, checked by {@link PullValidation} (0: the default). */
    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = timeout;
    }

    @Override
    public String toString() {
        return "ImageToPull[" + image + "]";
    }

    @Extension
    @Symbol("registryImage")
    public static final class DescriptorImpl extends Descriptor<ImageToPull> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.ImageToPull_DisplayName();
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId,
                @QueryParameter String image) {
            return RegistryPullForms.fillCredentials(item, credentialsId, image, RegistryPullForms.LOGIN_TYPES);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value,
                @QueryParameter String image) {
            return RegistryPullForms.checkCredentials(item, value, image, RegistryPullForms.LOGIN_TYPES);
        }

        @POST
        public ListBoxModel doFillCaCertificateIdItems(@AncestorInPath Item item, @QueryParameter String caCertificateId,
                @QueryParameter String image) {
            return RegistryPullForms.fillCredentials(item, caCertificateId, image, RegistryPullForms.PEM_TYPES);
        }

        @POST
        public FormValidation doCheckCaCertificateId(@AncestorInPath Item item, @QueryParameter String value,
                @QueryParameter String image) {
            return RegistryPullForms.checkCredentials(item, value, image, RegistryPullForms.PEM_TYPES);
        }

        @POST
        public ListBoxModel doFillVerifyKeyIdItems(@AncestorInPath Item item, @QueryParameter String verifyKeyId,
                @QueryParameter String image) {
            return RegistryPullForms.fillCredentials(item, verifyKeyId, image, RegistryPullForms.PEM_TYPES);
        }

        @POST
        public FormValidation doCheckVerifyKeyId(@AncestorInPath Item item, @QueryParameter String value,
                @QueryParameter String image) {
            return RegistryPullForms.checkCredentials(item, value, image, RegistryPullForms.PEM_TYPES);
        }

        @POST
        public FormValidation doCheckImage(@QueryParameter String value) {
            return RegistryPullForms.checkImage(value);
        }

        @POST
        public FormValidation doCheckPlatform(@QueryParameter String value) {
            return RegistryPullForms.checkPlatform(value);
        }

        @POST
        public FormValidation doCheckDigest(@QueryParameter String value) {
            return RegistryPullForms.checkDigest(value);
        }

        @POST
        public FormValidation doCheckTimeout(@QueryParameter String value) {
            return RegistryPullForms.checkTimeout(value);
        }

        @POST
        public FormValidation doCheckPath(@QueryParameter String value, @QueryParameter String target) {
            return RegistryPullForms.checkPath(value, target);
        }

        @POST
        public ListBoxModel doFillTargetItems() {
            return RegistryPullForms.fillTargets();
        }
    }
}
