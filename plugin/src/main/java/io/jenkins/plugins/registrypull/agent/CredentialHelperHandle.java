package io.jenkins.plugins.registrypull.agent;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;
import java.io.Serializable;
import java.util.List;

/**
 * What the controller keeps of a credential server running on an agent ({@link StartCredentialHelper}): where it
 * is, which registries it serves, and the token that stops it. No registry secret is in here; the stop token is a
 * {@link Secret} all the same (it is persisted with the build's program state), because it lets its holder end the
 * block's credentials early. Paths are the agent's.
 */
public final class CredentialHelperHandle implements Serializable {
    private static final long serialVersionUID = 1L;

    @NonNull
    private final String directory;
    @NonNull
    private final String socket;
    @NonNull
    private final String configFile;
    @NonNull
    private final String binDirectory;
    @NonNull
    private final List<String> registries;
    @NonNull
    private final String fastPath;
    @NonNull
    private final Secret stopToken;

    CredentialHelperHandle(@NonNull String directory, @NonNull String socket, @NonNull String configFile,
            @NonNull String binDirectory, @NonNull List<String> registries, @NonNull String fastPath,
            @NonNull Secret stopToken) {
        this.directory = directory;
        this.socket = socket;
        this.configFile = configFile;
        this.binDirectory = binDirectory;
        this.registries = List.copyOf(registries);
        this.fastPath = fastPath;
        this.stopToken = stopToken;
    }

    /** The block's private directory on the agent: {@code DOCKER_CONFIG}. */
    @NonNull
    public String getDirectory() {
        return directory;
    }

    @NonNull
    public String getSocket() {
        return socket;
    }

    /** {@code REGISTRY_AUTH_FILE}. */
    @NonNull
    public String getConfigFile() {
        return configFile;
    }

    /** Goes first on PATH: holds {@code docker-credential-registrypull}. */
    @NonNull
    public String getBinDirectory() {
        return binDirectory;
    }

    @NonNull
    public List<String> getRegistries() {
        return registries;
    }

    /** How the helper reaches the socket: {@code socat}, {@code nc} or {@code java}. */
    @NonNull
    public String getFastPath() {
        return fastPath;
    }

    @NonNull
    Secret getStopToken() {
        return stopToken;
    }

    @Override
    public String toString() {
        return "CredentialHelperHandle[" + directory + ", registries " + registries + "]";
    }
}
