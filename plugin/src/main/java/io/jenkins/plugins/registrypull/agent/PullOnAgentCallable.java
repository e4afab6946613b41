package io.jenkins.plugins.registrypull.agent;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.registrypull.Messages;
import io.jenkins.plugins.registrypull.PulledImage;
import io.jenkins.plugins.registrypull.Sizes;
import io.jenkins.plugins.registrypull.Target;
import io.jenkins.plugins.registrypull.ValidatedPull;
import io.jenkins.plugins.registrypull.WorkspacePaths;
import io.jenkins.plugins.registrypull.credentials.RegistryLogin;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.pull.PullSpec;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.manifest.Platform;
import io.jenkins.registrypull.mirror.MirrorSettings;
import io.jenkins.registrypull.reference.ImageReference;
import io.jenkins.registrypull.sink.CommandStarter;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jenkins.MasterToSlaveFileCallable;

/**
 * The pull itself, run on the agent of the enclosing node through {@code FilePath.act} (the file is the workspace).
 * It carries the {@link ValidatedPull} as the controller checked it, the PEMs its ids resolved to, and the
 * {@link RegistryLogin}, whose secret is a {@code hudson.util.Secret}: the
 * credential travels inside this object over the agent channel and is never written to disk. On the agent it becomes
 * the engine's {@link Credential}, which is wiped (closed) when the pull ends, and the engine forgets the tokens it
 * obtained with it. Progress goes to the build's {@link TaskListener}; nothing secret is printed, and
 * {@link #toString()} shows no secret either.
 */
public final class PullOnAgentCallable extends MasterToSlaveFileCallable<PulledImage> {
    private static final long serialVersionUID = 1L;

    /**
     * The variables of the build's environment the agent side reads (to find docker/podman and the docker daemon);
     * none holds a secret, and no other variable of the build travels.
     */
    public static final List<String> ENVIRONMENT_KEYS = List.of("PATH", "DOCKER_HOST");

    /** What to pull, as validated on the controller; the reference is not parsed again here. */
    @NonNull
    private final ValidatedPull pull;
    @CheckForNull
    private final String caCertificatePem;
    @CheckForNull
    private final String verifyKeyPem;
    @NonNull
    private final RegistryLogin login;
    @NonNull
    private final TaskListener listener;
    @NonNull
    private final TreeMap<String, String> environment;
    /** Registry mirrors for this pull (global configuration), or null for none. */
    @CheckForNull
    private AgentMirrors mirrors;
    /** The build's decorated launcher, exported from the controller (a Remoting proxy); null to load here. */
    @CheckForNull
    @SuppressFBWarnings(value = "SE_BAD_FIELD", justification = "Over a channel this is the Remoting proxy that "
            + "VirtualChannel.export returns (LauncherCommands.forAgent), which Remoting serializes; without a channel the "
            + "callable runs in this JVM and is never serialized.")
    private CommandStarter commands;

    /**
     * @param caCertificatePem the PEM of {@code pull.caCertificateId()}, or null
     * @param verifyKeyPem     the PEM of {@code pull.verifyKeyId()}, or null
     */
    public PullOnAgentCallable(@NonNull ValidatedPull pull, @CheckForNull String caCertificatePem,
            @CheckForNull String verifyKeyPem, @NonNull RegistryLogin login, @NonNull TaskListener listener,
            @NonNull Map<String, String> environment) {
        this.pull = pull;
        this.caCertificatePem = caCertificatePem;
        this.verifyKeyPem = verifyKeyPem;
        this.login = login;
        this.listener = listener;
        this.environment = new TreeMap<>();
        for (String key : ENVIRONMENT_KEYS) {
            String value = environment.get(key);
            if (value != null) {
                this.environment.put(key, value);
            }
        }
    }

    public void setMirrors(@CheckForNull AgentMirrors mirrors) {
        this.mirrors = mirrors;
    }

    @CheckForNull
    public AgentMirrors getMirrors() {
        return mirrors;
    }

    /** Loads into docker or podman through {@code commands} (the build's decorated launcher) rather than here. */
    public void setCommands(@CheckForNull CommandStarter commands) {
        this.commands = commands;
    }

    @NonNull
    public RegistryLogin getLogin() {
        return login;
    }

    @NonNull
    public Map<String, String> getEnvironment() {
        return Collections.unmodifiableMap(environment);
    }

    @Override
    public PulledImage invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        PullSpec spec = pull.spec();
        ImageReference reference = spec.reference();
        Target decided = TargetChooser.choose(pull.target(), environment.get("PATH"));
        String relative = null;
        File output = null;
        File firstCreated = null;
        if (decided.writesToWorkspace()) {
            String path = pull.path();
            relative = path != null ? path : WorkspacePaths.defaultFor(decided, reference);
            output = WorkspacePaths.resolveInside(workspace, relative, relative);
            firstCreated = firstMissing(output);
            File parent = output.getParentFile();
            if (parent != null && !parent.isDirectory() && !parent.mkdirs() && !parent.isDirectory()) {
                throw new AbortException(Messages.RegistryPull_CannotCreate(relative));
            }
        }
        String where = relative != null ? decided.id() + " " + relative : decided.id();
        String platformText = spec.platform() != null ? spec.platform().toString()
                : Platform.current() + ", this agent's platform";
        log.println(Messages.RegistryPull_Pulling(reference, platformText, where, login.describe()));
        log.flush();

        PullResult result;
        boolean pulled = false;
        List<Credential> mirrorCredentials = new ArrayList<>();
        // One engine per pull: its login state and tokens die with it, and nothing lingers in a static. What makes
        // later pulls on a long-lived agent fast is the warm JIT and the blob store, not a kept connection.
        try (Credential credential = login.toCredential(caCertificatePem); PullEngine engine = new PullEngine()) {
            try {
                PullOptions options = PullOptions.builder().spec(spec).credential(credential)
                        .caCertificatePem(caCertificatePem).verifyKeyPem(verifyKeyPem)
                        .requireSignature(pull.requireSignature()).storeDir(AgentStore.directory())
                        .sink(AgentSinks.create(decided, output, environment, commands, log::println)).build();
                MirrorSettings mirrorSettings = mirrors == null ? MirrorSettings.NONE : mirrors.open(log, mirrorCredentials);
                result = engine.pull(options, mirrorSettings, new ConsoleProgress(log));
                pulled = true;
            } finally {
                mirrorCredentials.forEach(Credential::close);
                if (!pulled && firstCreated != null) {
                    removeEmptyDirectories(output, firstCreated);
                }
            }
        } catch (RegistryException e) {
            throw new AbortException(login.mask(FailureMessages.console(reference, e)));
        }

        String digest = result.pinnableDigest().toString();
        log.println(Messages.RegistryPull_Pulled(result.reference(), digest, result.layerCount(),
                Sizes.bytes(result.totalBytes()), Sizes.bytes(result.bytesDownloaded()), Sizes.seconds(result.duration()),
                verifiedSummary(result)));
        if (result.rateLimit() != null) {
            log.println(Messages.RegistryPull_RateLimit(result.rateLimit().describe()));
        }
        log.flush();
        PulledImage pulledImage = new PulledImage(result.reference(), decided.id(), digest, result.manifestDigest().toString(),
                result.indexDigest() == null ? null : result.indexDigest().toString(), result.configDigest().toString(),
                result.platform() == null ? null : result.platform().toString(), result.totalBytes(),
                result.bytesDownloaded(), result.layerCount(), result.duration(), result.imageId(), relative,
                result.verification());
        if (result.servedFrom() != null) {
            pulledImage.setServedFrom(result.servedFrom().manifest(), result.servedFrom().manifestFromMirror(),
                    result.servedFrom().blobs());
        }
        pulledImage.setLocal(result.localReference());
        if (result.signature() != null) {
            pulledImage.setSignature(result.signature().keyFingerprint(), result.signature().describe());
        }
        return pulledImage;
    }

    /** The outermost ancestor of {@code file} (or the file itself) that does not exist yet, or null. */
    private static File firstMissing(File file) {
        File missing = null;
        for (File f = file; f != null && !f.exists(); f = f.getParentFile()) {
            missing = f;
        }
        return missing;
    }

    /** After a failed pull: removes the directories this pull created, from {@code file} up to {@code top}, if empty. */
    private static void removeEmptyDirectories(File file, File top) {
        for (File f = file; f != null; f = f.getParentFile()) {
            String[] children = f.list();
            if (f.isDirectory() && children != null && children.length == 0 && !f.delete()) {
                return;
            }
            if (f.equals(top)) {
                return;
            }
        }
    }

    private String verifiedSummary(PullResult result) {
        StringBuilder s = new StringBuilder();
        if (result.indexDigest() != null) {
            s.append("index, ");
        }
        s.append("manifest and ").append(result.layerCount() + 1).append(" blobs by digest and size");
        if (pull.spec().pinned()) {
            s.append(", digest as pinned");
        }
        if (result.signature() != null) {
            s.append(", cosign signature with key ").append(result.signature().keyFingerprint());
        }
        return s.toString();
    }

    /** Secret-free: the image, the target and how it logs in. */
    @Override
    public String toString() {
        String path = pull.path();
        return "PullOnAgentCallable[" + pull.reference() + ", target "
                + (pull.target() == Target.AUTO ? "auto" : pull.target().id())
                + (path != null ? " " + path : "") + ", " + login.describe() + "]";
    }
}
