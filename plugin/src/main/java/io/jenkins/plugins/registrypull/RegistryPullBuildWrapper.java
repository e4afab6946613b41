package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildWrapperDescriptor;
import io.jenkins.plugins.registrypull.agent.CredentialHelperHandle;
import io.jenkins.plugins.registrypull.credentials.RegistryLogin;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import jenkins.tasks.SimpleBuildWrapper;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Freestyle "Pull container images": pulls a list of images onto the build's agent before the build steps run,
 * and exposes their digests as environment variables:
 * <ul>
 *   <li>{@code REGISTRY_PULL_DIGEST}: the digest of the first image;</li>
 *   <li>{@code REGISTRY_PULL_DIGEST_<n>}: the digest of the n-th image (1-based, in the configured order);</li>
 *   <li>{@code REGISTRY_PULL_LOCAL}, {@code REGISTRY_PULL_LOCAL_<n>}: what to run, the name the first (n-th) image has
 *       where it went, with no registry: {@code registry/repository:tag} in docker or podman, {@code oci:DIR:tag},
 *       {@code docker-archive:FILE};</li>
 *   <li>{@code REGISTRY_PULL_IMAGE_<n>}: the n-th image pinned to that digest, {@code registry/repository@sha256:...},
 *       the image in the registry (for tools that pull);</li>
 *   <li>{@code REGISTRY_PULL_PATH_<n>}: where the n-th image went, relative to the workspace (oci and
 *       docker-archive targets only).</li>
 * </ul>
 * Every image is validated and its credentials resolved before the first pull; any failure fails the build with an
 * {@link AbortException} naming the image. In Pipeline the same wrapper is {@code pullImages(images: [...]) { ... }}.
 *
 * <p>Optionally ({@code registryCredentials}) it also serves registry credentials to the build steps' own
 * {@code docker}, {@code podman} and {@code skopeo} commands, as {@code withRegistryAuth} does in Pipeline: from the
 * agent JVM's memory through a credential helper ({@link RegistryAuthSession}); the disposer stops it when the build
 * steps end, also on failure or abort.
 */
public final class RegistryPullBuildWrapper extends SimpleBuildWrapper {
    /** Prefix of every environment variable the wrapper sets. */
    public static final String ENV_PREFIX = "REGISTRY_PULL_";

    /** How the build page names pulls made by the wrapper. */
    static final String VIA = "Pull container images";

    @NonNull
    private final List<ImageToPull> images;

    @DataBoundConstructor
    public RegistryPullBuildWrapper(@CheckForNull List<ImageToPull> images) {
        this.images = images == null ? new ArrayList<>() : new ArrayList<>(images);
    }

    @NonNull
    private List<RegistryCredential> registryCredentials = new ArrayList<>();

    @NonNull
    public List<ImageToPull> getImages() {
        return Collections.unmodifiableList(images);
    }

    /** Registries whose credentials the build steps' docker, podman and skopeo commands get (none by default). */
    @NonNull
    public List<RegistryCredential> getRegistryCredentials() {
        return Collections.unmodifiableList(registryCredentials);
    }

    @DataBoundSetter
    public void setRegistryCredentials(@CheckForNull List<RegistryCredential> registryCredentials) {
        this.registryCredentials = registryCredentials == null ? new ArrayList<>() : new ArrayList<>(registryCredentials);
    }

    @Override
    public void setUp(Context context, Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener,
            EnvVars initialEnvironment) throws IOException, InterruptedException {
        if (images.isEmpty() && registryCredentials.isEmpty()) {
            throw new AbortException(Messages.RegistryPullBuildWrapper_NothingToDo());
        }
        if (!registryCredentials.isEmpty()) {
            WindowsAgents.refuseRegistryAuth(launcher, workspace, "registryCredentials");
        }
        Map<String, RegistryLogin> logins = registryCredentials.isEmpty() ? Map.of()
                : RegistryAuthSession.resolve(build, registryCredentials, "registryCredentials");
        PullCoordinator coordinator = new PullCoordinator(build, workspace, listener, initialEnvironment, launcher);
        List<PullCoordinator.Prepared> prepared = new ArrayList<>();
        int n = 0;
        for (ImageToPull image : images) {
            n++;
            try {
                prepared.add(coordinator.prepare(image));
            } catch (AbortException e) {
                throw new AbortException(Messages.RegistryPullBuildWrapper_Failed(n, images.size(), image.getImage(), e.getMessage()));
            }
        }
        n = 0;
        for (PullCoordinator.Prepared p : prepared) {
            n++;
            PulledImage pulled;
            try {
                pulled = coordinator.pull(p, VIA);
            } catch (AbortException e) {
                throw new AbortException(Messages.RegistryPullBuildWrapper_Failed(n, images.size(),
                        p.getPull().reference(), e.getMessage()));
            }
            if (n == 1) {
                context.env(ENV_PREFIX + "DIGEST", pulled.getDigest());
                if (pulled.getLocal() != null) {
                    context.env(ENV_PREFIX + "LOCAL", pulled.getLocal());
                }
            }
            if (pulled.getLocal() != null) {
                context.env(ENV_PREFIX + "LOCAL_" + n, pulled.getLocal());
            }
            context.env(ENV_PREFIX + "DIGEST_" + n, pulled.getDigest());
            context.env(ENV_PREFIX + "IMAGE_" + n, pulled.getPinnedReference());
            if (pulled.getPath() != null) {
                context.env(ENV_PREFIX + "PATH_" + n, pulled.getPath());
            }
        }
        if (!logins.isEmpty()) {
            CredentialHelperHandle handle = RegistryAuthSession.start(workspace, logins, listener, initialEnvironment);
            context.setDisposer(new StopCredentialServer(handle));
            for (Map.Entry<String, String> e : RegistryAuthSession.environment(handle).entrySet()) {
                context.env(e.getKey(), e.getValue());
            }
        }
    }

    /** Stops the agent's credential server when the build steps end (also on failure or abort). */
    static final class StopCredentialServer extends Disposer {
        private static final long serialVersionUID = 1L;

        @NonNull
        private final CredentialHelperHandle handle;

        StopCredentialServer(@NonNull CredentialHelperHandle handle) {
            this.handle = handle;
        }

        @NonNull
        CredentialHelperHandle getHandle() {
            return handle;
        }

        @Override
        public void tearDown(Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener)
                throws IOException, InterruptedException {
            RegistryAuthSession.stop(workspace, handle, listener);
        }
    }

    @Extension
    @Symbol("pullImages")
    public static final class DescriptorImpl extends BuildWrapperDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.RegistryPullBuildWrapper_DisplayName();
        }

        @Override
        public boolean isApplicable(AbstractProject<?, ?> item) {
            return true;
        }
    }
}
