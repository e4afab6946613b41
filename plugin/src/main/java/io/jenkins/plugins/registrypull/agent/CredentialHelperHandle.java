package io.jenkins.plugins.registrypull.agent;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;
import java.io.Serializable;
import java.util.List;

/**
 * What the controller keeps of a credential server running on an agent ({@link StartCredentialHelper}): where its
 * files are, its port on the agent's loopback, which registries it serves, and the token that stops it. No registry
 * secret is in here; the stop token is a {@link Secret} all the same (it is persisted with the build's program state),
 * because it lets its holder end the block's credentials early. Paths are the agent's.
 */
public final class CredentialHelperHandle implements Serializable {
    private static final long serialVersionUID = 2L;

    @NonNull
    private final String directory;
    private final int port;
    @NonNull
    private final String authFile;
    @NonNull
    private final String binDirectory;
    @NonNull
    private final List<String> registries;
    @NonNull
    private final Secret stopToken;
    /** What of the user's docker config was left out, and why (no content of it). */
    @NonNull
    private final List<String> notes;

    CredentialHelperHandle(@NonNull String directory, int port, @NonNull String authFile, @NonNull String binDirectory,
            @NonNull List<String> registries, @NonNull Secret stopToken, @NonNull List<String> notes) {
        this.directory = directory;
        this.port = port;
        this.authFile = authFile;
        this.binDirectory = binDirectory;
        this.registries = List.copyOf(registries);
        this.stopToken = stopToken;
        this.notes = List.copyOf(notes);
    }

    /** What of the user's docker config was left out of the block's, and why. */
    @NonNull
    public List<String> getNotes() {
        return notes;
    }

    /** The block's directory on the agent, under the workspace's temp dir: {@code DOCKER_CONFIG}. */
    @NonNull
    public String getDirectory() {
        return directory;
    }

    /** The server's port on 127.0.0.1 of the agent (and of every container of its pod). */
    public int getPort() {
        return port;
    }

    /** {@code REGISTRY_AUTH_FILE}. */
    @NonNull
    public String getAuthFile() {
        return authFile;
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

    @NonNull
    Secret getStopToken() {
        return stopToken;
    }

    @Override
    public String toString() {
        return "CredentialHelperHandle[" + directory + ", 127.0.0.1:" + port + ", registries " + registries + "]";
    }
}
