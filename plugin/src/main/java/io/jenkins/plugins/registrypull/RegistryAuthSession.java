package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import io.jenkins.plugins.registrypull.agent.CredentialHelperHandle;
import io.jenkins.plugins.registrypull.agent.StartCredentialHelper;
import io.jenkins.plugins.registrypull.agent.StopCredentialHelper;
import io.jenkins.plugins.registrypull.credentials.RegistryCredentialsResolver;
import io.jenkins.plugins.registrypull.credentials.UnusableCredentialsException;
import io.jenkins.plugins.registrypull.credentials.RegistryLogin;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.credhelper.CredentialHelperServer;
import io.jenkins.registrypull.credhelper.RegistryNames;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The controller's half of "registry credentials for the build's own docker, podman and skopeo commands", shared by
 * {@code withRegistryAuth} and the freestyle wrapper: validate and resolve (before anything runs on the agent),
 * start the agent's credential server, compute the block's environment, stop the server.
 *
 * <p>The environment holds no secret, only where to look: {@code DOCKER_CONFIG} (docker), {@code REGISTRY_AUTH_FILE}
 * (podman, skopeo, buildah) and {@code PATH+REGISTRYPULL}, the Jenkins convention for "prepend to PATH" that
 * {@code EnvVars.override} applies in Pipeline and freestyle alike.
 */
public final class RegistryAuthSession {
    /** The PATH entry name: {@code EnvVars.override("PATH+REGISTRYPULL", dir)} puts dir first on PATH. */
    public static final String PATH_KEY = "PATH+REGISTRYPULL";

    private RegistryAuthSession() {
    }

    /**
     * Checks every entry and looks its credentials up, in order; fails naming the entry. Registries are normalised
     * ({@code https://index.docker.io/v1/} and {@code docker.io} are one registry) and may appear only once.
     *
     * @param what how the user wrote the list, for messages: {@code registries} or {@code registryCredentials}
     */
    @NonNull
    static LinkedHashMap<String, RegistryLogin> resolve(@NonNull Run<?, ?> run, @NonNull List<RegistryCredential> entries,
            @NonNull String what) throws AbortException {
        if (entries.isEmpty()) {
            throw new AbortException(Messages.WithRegistryAuth_NoRegistry());
        }
        RegistryCredentialsResolver resolver = new RegistryCredentialsResolver(run);
        LinkedHashMap<String, RegistryLogin> logins = new LinkedHashMap<>();
        int n = 0;
        for (RegistryCredential entry : entries) {
            n++;
            String field = entries.size() == 1 ? "registry" : what + "[" + n + "].registry";
            String registry;
            try {
                registry = RegistryNames.parseConfigured(entry.getRegistry(), field);
            } catch (InvalidInputException e) {
                throw new AbortException(Messages.WithRegistryAuth_Invalid(e.getMessage()));
            }
            if (entry.getCredentialsId().isEmpty()) {
                throw new AbortException(Messages.WithRegistryAuth_Invalid(
                        (entries.size() == 1 ? "credentialsId" : what + "[" + n + "].credentialsId") + ": "
                                + Messages.WithRegistryAuth_CredentialsRequired()));
            }
            if (logins.containsKey(registry)) {
                throw new AbortException(Messages.WithRegistryAuth_Duplicate(registry));
            }
            RegistryLogin login;
            try {
                login = resolver.resolveRegistryLogin(entry.getCredentialsId(), registry);
            } catch (UnusableCredentialsException e) {
                throw new AbortException(Messages.WithRegistryAuth_Invalid(e.problem()));
            } catch (AbortException e) {
                throw new AbortException(Messages.WithRegistryAuth_Invalid(e.getMessage()));
            }
            logins.put(registry, login);
        }
        RegistryMirrorsConfiguration mirrors = RegistryMirrorsConfiguration.get();
        if (mirrors != null) {
            mirrors.addMirrorLogins(resolver, logins);
        }
        return logins;
    }

    /**
     * Starts the agent's server (on the agent of {@code workspace}) and says so on the console. The block's files go
     * under the workspace's temp dir ({@code WORKSPACE@tmp}), which the containers of a Kubernetes pod share with the
     * agent; the user's docker settings come from the build's {@code DOCKER_CONFIG}, else {@code HOME/.docker}.
     */
    @NonNull
    static CredentialHelperHandle start(@NonNull FilePath workspace, @NonNull Map<String, RegistryLogin> logins,
            @NonNull TaskListener listener, @CheckForNull EnvVars environment) throws IOException, InterruptedException {
        FilePath tempDir = WorkspaceList.tempDir(workspace);
        if (tempDir == null) {
            throw new AbortException(Messages.WithRegistryAuth_NoTempDir(workspace.getRemote()));
        }
        CredentialHelperHandle handle = workspace.act(new StartCredentialHelper(logins, tempDir.getRemote(),
                userDockerConfig(environment)));
        StringBuilder who = new StringBuilder();
        for (Map.Entry<String, RegistryLogin> e : logins.entrySet()) {
            if (who.length() > 0) {
                who.append(", ");
            }
            who.append(e.getKey()).append(" (").append(e.getValue().describe()).append(')');
        }
        listener.getLogger().println(Messages.WithRegistryAuth_Started(who, String.valueOf(handle.getPort()), handle.getDirectory()));
        for (String note : handle.getNotes()) {
            listener.getLogger().println(Messages.WithRegistryAuth_ConfigNote(note));
        }
        return handle;
    }

    /** The build's docker config directory, or null to let the agent use its user's. */
    @CheckForNull
    static String userDockerConfig(@CheckForNull EnvVars environment) {
        if (environment == null) {
            return null;
        }
        String dockerConfig = environment.get(CredentialHelperServer.DOCKER_CONFIG);
        if (dockerConfig != null && !dockerConfig.isBlank()) {
            return dockerConfig;
        }
        String home = environment.get("HOME");
        return home == null || home.isBlank() ? null : home + "/.docker";
    }

    /** Stops the agent's server; never throws for an agent that is gone (its server stopped with the connection). */
    static void stop(@NonNull FilePath workspace, @NonNull CredentialHelperHandle handle, @NonNull TaskListener listener)
            throws IOException, InterruptedException {
        try {
            workspace.act(new StopCredentialHelper(handle));
            listener.getLogger().println(Messages.WithRegistryAuth_Stopped(String.join(", ", handle.getRegistries())));
        } catch (IOException e) {
            if (workspace.getChannel() != null && !isClosed(workspace)) {
                throw e;
            }
            listener.getLogger().println(Messages.WithRegistryAuth_AgentGone(e.getMessage()));
        }
    }

    private static boolean isClosed(FilePath workspace) {
        return workspace.getChannel() instanceof hudson.remoting.Channel channel && channel.isClosingOrClosed();
    }

    /** The block's variables: no secret in any of them. */
    @NonNull
    public static Map<String, String> environment(@NonNull CredentialHelperHandle handle) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(CredentialHelperServer.DOCKER_CONFIG, handle.getDirectory());
        env.put(CredentialHelperServer.REGISTRY_AUTH_FILE, handle.getAuthFile());
        env.put(PATH_KEY, handle.getBinDirectory());
        return env;
    }
}
