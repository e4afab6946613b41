package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrypull.agent.LauncherCommands;
import io.jenkins.plugins.registrypull.agent.PullOnAgentCallable;
import io.jenkins.plugins.registrypull.credentials.RegistryCredentialsResolver;
import io.jenkins.plugins.registrypull.credentials.RegistryLogin;
import java.io.IOException;

/**
 * The controller's half of a pull, shared by the step and the freestyle wrapper:
 * <ol>
 *   <li>{@link #prepare}: validate the settings and resolve the credentials, all before any network call;</li>
 *   <li>{@link #pull}: run {@link PullOnAgentCallable} on the agent of the workspace through {@code FilePath.act},
 *       then record the result on the build ({@link PulledImagesAction}) and as fingerprints.</li>
 * </ol>
 */
public final class PullCoordinator {
    @NonNull
    private final Run<?, ?> run;
    @NonNull
    private final FilePath workspace;
    @NonNull
    private final TaskListener listener;
    @NonNull
    private final EnvVars environment;
    @CheckForNull
    private final Launcher launcher;

    /**
     * @param launcher the build's launcher: when it is decorated (a Kubernetes {@code container()} block...), docker
     *                 and podman loads run through it; null or undecorated, the agent runs them itself
     */
    public PullCoordinator(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull TaskListener listener,
            @NonNull EnvVars environment, @CheckForNull Launcher launcher) {
        this.run = run;
        this.workspace = workspace;
        this.listener = listener;
        this.environment = environment;
        this.launcher = launcher;
    }

    /** A pull that passed every check that needs no network: ready to run on the agent. */
    public static final class Prepared {
        private final ValidatedPull pull;
        private final PullOnAgentCallable callable;

        Prepared(ValidatedPull pull, PullOnAgentCallable callable) {
            this.pull = pull;
            this.callable = callable;
        }

        @NonNull
        public ValidatedPull getPull() {
            return pull;
        }

        @NonNull
        public PullOnAgentCallable getCallable() {
            return callable;
        }
    }

    /** Validates {@code settings} and resolves its credentials; fails with an {@link AbortException} that says what to fix. */
    @NonNull
    public Prepared prepare(@NonNull ImageToPull settings) throws AbortException {
        ValidatedPull pull = PullValidation.validate(settings);
        RegistryCredentialsResolver resolver = new RegistryCredentialsResolver(run);
        RegistryLogin login = resolver.resolveLogin(pull.credentialsId(), pull.reference(), pull.insecure());
        String caCertificateId = pull.caCertificateId();
        String caPem = caCertificateId == null ? null
                : resolver.resolveCaCertificate(caCertificateId, pull.reference(), pull.insecure());
        String verifyKeyId = pull.verifyKeyId();
        String verifyKeyPem = verifyKeyId == null ? null
                : resolver.resolveVerifyKey(verifyKeyId, pull.reference(), pull.insecure());
        PullOnAgentCallable callable = new PullOnAgentCallable(pull, caPem, verifyKeyPem, login, listener, environment);
        callable.setCommands(LauncherCommands.forAgent(launcher, workspace));
        RegistryMirrorsConfiguration mirrors = RegistryMirrorsConfiguration.get();
        if (mirrors != null) {
            callable.setMirrors(mirrors.forPull(resolver, pull.reference()));
        }
        return new Prepared(pull, callable);
    }

    /**
     * Pulls on the agent and records the result on the build.
     *
     * @param via how the build asked, for the build page
     */
    @NonNull
    public PulledImage pull(@NonNull Prepared prepared, @NonNull String via) throws IOException, InterruptedException {
        PulledImage image = workspace.act(prepared.getCallable());
        if (image == null) {
            throw new AbortException(Messages.RegistryPull_Failed(prepared.getPull().reference(), "no result from the agent"));
        }
        image.setVia(via);
        PulledImagesAction.record(run, image);
        try {
            ImageFingerprints.record(run, image);
        } catch (IOException e) {
            listener.getLogger().println(Messages.RegistryPull_FingerprintFailed(image.getImage(), e.getMessage()));
        }
        return image;
    }
}
