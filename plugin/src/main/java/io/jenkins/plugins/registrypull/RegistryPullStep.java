package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Map;
import java.util.Set;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code registryPull image: 'reg.example.com/team/app:1.2', credentialsId: 'reg-token'}: pulls one image onto the
 * agent of the enclosing {@code node}, verified, with the credentials only in memory, and returns a map describing
 * what was pulled (see {@link PulledImage#toStepResult()}).
 *
 * <p>What to pull is an {@link ImageToPull}, the same {@code Describable} as one image of the freestyle wrapper: its
 * fields, normalisation, form checks, dropdowns, view and help are written once, there. The step only passes its
 * named arguments through, because Pipeline binds {@code registryPull image: ..., credentialsId: ...} to the step's own
 * {@code @DataBoundConstructor} and {@code @DataBoundSetter}s (a nested {@code Describable} as the only parameter would
 * change the snippet the Snippet Generator writes to {@code registryPull(registryImage(...))}).
 */
public final class RegistryPullStep extends Step {
    @NonNull
    private final ImageToPull pull;

    @DataBoundConstructor
    public RegistryPullStep(String image) {
        this.pull = new ImageToPull(image);
    }

    /** What to pull, as one image of the freestyle wrapper says it. */
    @NonNull
    public ImageToPull getPull() {
        return pull;
    }

    @NonNull
    public String getImage() {
        return pull.getImage();
    }

    @CheckForNull
    public String getCredentialsId() {
        return pull.getCredentialsId();
    }

    @DataBoundSetter
    public void setCredentialsId(@CheckForNull String credentialsId) {
        pull.setCredentialsId(credentialsId);
    }

    @CheckForNull
    public String getPlatform() {
        return pull.getPlatform();
    }

    @DataBoundSetter
    public void setPlatform(@CheckForNull String platform) {
        pull.setPlatform(platform);
    }

    @CheckForNull
    public String getTarget() {
        return pull.getTarget();
    }

    @DataBoundSetter
    public void setTarget(@CheckForNull String target) {
        pull.setTarget(target);
    }

    @CheckForNull
    public String getPath() {
        return pull.getPath();
    }

    @DataBoundSetter
    public void setPath(@CheckForNull String path) {
        pull.setPath(path);
    }

    @CheckForNull
    public String getDigest() {
        return pull.getDigest();
    }

    @DataBoundSetter
    public void setDigest(@CheckForNull String digest) {
        pull.setDigest(digest);
    }

    public boolean isInsecure() {
        return pull.isInsecure();
    }

    @DataBoundSetter
    public void setInsecure(boolean insecure) {
        pull.setInsecure(insecure);
    }

    @CheckForNull
    public String getCaCertificateId() {
        return pull.getCaCertificateId();
    }

    @DataBoundSetter
    public void setCaCertificateId(@CheckForNull String caCertificateId) {
        pull.setCaCertificateId(caCertificateId);
    }

    @CheckForNull
    public String getVerifyKeyId() {
        return pull.getVerifyKeyId();
    }

    @DataBoundSetter
    public void setVerifyKeyId(@CheckForNull String verifyKeyId) {
        pull.setVerifyKeyId(verifyKeyId);
    }

    public boolean isRequireSignature() {
        return pull.isRequireSignature();
    }

    @DataBoundSetter
    public void setRequireSignature(boolean requireSignature) {
        pull.setRequireSignature(requireSignature);
    }

    public boolean isRequireDigest() {
        return pull.isRequireDigest();
    }

    @DataBoundSetter
    public void setRequireDigest(boolean requireDigest) {
        pull.setRequireDigest(requireDigest);
    }

    public int getTimeout() {
        return pull.getTimeout();
    }

    @DataBoundSetter
    public void setTimeout(int timeout) {
        pull.setTimeout(timeout);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new RegistryPullStepExecution(this, context);
    }

    @Extension
    @Symbol("registryPull")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "registryPull";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.RegistryPullStep_DisplayName();
        }

        /** The image, for the step's label in the Pipeline views (never a credential). */
        @CheckForNull
        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object image = namedArgs.get("image");
            return image instanceof String ? (String) image : null;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, Launcher.class, TaskListener.class, EnvVars.class);
        }

        /**
         * The descriptor the step's form takes its checks, dropdowns and help from (config.jelly): the fields are
         * {@link ImageToPull}'s.
         */
        @NonNull
        public ImageToPull.DescriptorImpl getImageDescriptor() {
            return Jenkins.get().getDescriptorByType(ImageToPull.DescriptorImpl.class);
        }
    }
}
