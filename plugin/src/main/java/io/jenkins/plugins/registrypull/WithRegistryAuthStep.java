package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code withRegistryAuth(registry: 'reg.example.com', credentialsId: 'reg-token') { sh 'docker pull ...' }}: registry
 * credentials for the build's own {@code docker}, {@code podman} and {@code skopeo} commands inside the block, with
 * nothing on disk. The agent JVM holds the credentials in memory and answers docker's credential-helper protocol on
 * 127.0.0.1 to the block's key (see {@link io.jenkins.registrypull.credhelper.CredentialHelperServer}); the block's
 * files are under the workspace's temp dir, so pod containers see them too; the block's environment
 * only points the tools at it ({@link RegistryAuthSession#environment}). Several registries:
 * {@code withRegistryAuth(registries: [registryCredential(registry: 'a.example.com', credentialsId: 'a'), ...])}.
 *
 * <p>The constructor takes no argument, and {@code registry}/{@code credentialsId} and {@code registries} are all
 * setters: the common case stays one short line, the list form needs no dummy first pair, and the Snippet Generator
 * can offer both. Validation (at least one registry, host syntax, no duplicate, credentials found and of a usable
 * type) happens when the step starts, before anything runs on the agent, and names the offending field.
 */
public final class WithRegistryAuthStep extends Step {
    @CheckForNull
    private String registry;
    @CheckForNull
    private String credentialsId;
    @NonNull
    private List<RegistryCredential> registries = new ArrayList<>();

    @DataBoundConstructor
    public WithRegistryAuthStep() {
    }

    @CheckForNull
    public String getRegistry() {
        return registry;
    }

    @DataBoundSetter
    public void setRegistry(@CheckForNull String registry) {
        this.registry = Util.fixEmptyAndTrim(registry);
    }

    @CheckForNull
    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(@CheckForNull String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    @NonNull
    public List<RegistryCredential> getRegistries() {
        return Collections.unmodifiableList(registries);
    }

    @DataBoundSetter
    public void setRegistries(@CheckForNull List<RegistryCredential> registries) {
        this.registries = registries == null ? new ArrayList<>() : new ArrayList<>(registries);
    }

    /** Every registry the block serves: the single pair first (if given), then the list. */
    @NonNull
    List<RegistryCredential> entries() {
        List<RegistryCredential> all = new ArrayList<>();
        if (registry != null || credentialsId != null) {
            all.add(new RegistryCredential(registry, credentialsId));
        }
        all.addAll(registries);
        return all;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new WithRegistryAuthStepExecution(this, context);
    }

    @Extension
    @Symbol("withRegistryAuth")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "withRegistryAuth";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.WithRegistryAuthStep_DisplayName();
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        /** The registries, for the step's label in the Pipeline views (never a credential). */
        @CheckForNull
        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object registry = namedArgs.get("registry");
            return registry instanceof String ? (String) registry : null;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, TaskListener.class);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId,
                @QueryParameter String registry) {
            return RegistryPullForms.fillCredentials(item, credentialsId, RegistryCredential.sampleImage(registry),
                    RegistryPullForms.LOGIN_TYPES);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value,
                @QueryParameter String registry) {
            return RegistryPullForms.checkCredentials(item, value, RegistryCredential.sampleImage(registry),
                    RegistryPullForms.LOGIN_TYPES);
        }

        @POST
        public FormValidation doCheckRegistry(@QueryParameter String value) {
            return Util.fixEmptyAndTrim(value) == null ? FormValidation.ok() : RegistryCredential.checkRegistry(value);
        }
    }
}
