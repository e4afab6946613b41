package io.jenkins.plugins.registrypull.agent;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.remoting.Channel;
import hudson.util.Secret;
import io.jenkins.plugins.registrypull.credentials.RegistryLogin;
import io.jenkins.registrypull.credhelper.CredentialHelperServer;
import io.jenkins.registrypull.credhelper.ServedCredential;
import io.jenkins.registrypull.error.InvalidInputException;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.security.MasterToSlaveCallable;

/**
 * Starts a {@link CredentialHelperServer} in the agent JVM for one block and returns its {@link CredentialHelperHandle}.
 * The logins travel inside this callable over the agent channel (their secrets as {@code hudson.util.Secret}) and
 * become the server's in-memory credentials; nothing is written to disk but the block's files (no registry secret),
 * under the workspace's temp dir ({@code WORKSPACE@tmp}), which every container of a Kubernetes pod sees at the same
 * path.
 *
 * <p>The server must not outlive its controller: when the channel this callable came through closes (controller
 * restart, network loss, agent disconnect), a {@link Channel.Listener} stops it, which wipes the credentials and
 * removes the directory. There is no static registry of servers: the server is reachable only through its port and stop token
 * ({@link StopCredentialHelper}) and through that listener, and the JVM's shutdown hook covers the agent's exit.
 * {@link StopCredentialHelper} removes the listener again (it is keyed by the block's directory), so a long-lived agent
 * channel does not collect one listener per block.
 */
public final class StartCredentialHelper extends MasterToSlaveCallable<CredentialHelperHandle, IOException> {
    private static final long serialVersionUID = 1L;

    /** Registry ({@code host[:port]}, normalised) to login, in the configured order. */
    @NonNull
    private final LinkedHashMap<String, RegistryLogin> logins;
    /** The agent's path of the directory the block's files go under. */
    @NonNull
    private final String parentDirectory;
    /** The build's docker config directory, whose non-secret settings the block keeps; null: the agent user's. */
    @CheckForNull
    private final String userDockerConfig;

    public StartCredentialHelper(@NonNull Map<String, RegistryLogin> logins, @NonNull String parentDirectory,
            @CheckForNull String userDockerConfig) {
        this.logins = new LinkedHashMap<>(logins);
        this.parentDirectory = parentDirectory;
        this.userDockerConfig = userDockerConfig;
    }

    @Override
    public CredentialHelperHandle call() throws IOException {
        List<ServedCredential> served = new ArrayList<>();
        try {
            for (Map.Entry<String, RegistryLogin> e : logins.entrySet()) {
                served.add(new ServedCredential(e.getKey(), e.getValue().toCredential()));
            }
        } catch (InvalidInputException e) {
            served.forEach(s -> s.credential().close());
            throw new AbortException(e.getMessage());
        } catch (RuntimeException e) {
            served.forEach(s -> s.credential().close());
            throw e;
        }
        CredentialHelperServer.Options options = new CredentialHelperServer.Options()
                .parentDirectory(Path.of(parentDirectory));
        if (userDockerConfig != null) {
            options.userDockerConfig(Path.of(userDockerConfig));
        }
        CredentialHelperServer server = CredentialHelperServer.start(served, options);
        Channel channel = Channel.current();
        if (channel != null) {
            channel.addListener(new StopOnClose(server.directory().toString(), server));
        }
        return new CredentialHelperHandle(server.directory().toString(), server.port(), server.authFile().toString(),
                server.binDirectory().toString(), server.registries(), Secret.fromString(server.stopToken()),
                server.notes());
    }

    /** Secret-free. */
    @Override
    public String toString() {
        return "StartCredentialHelper" + logins.keySet();
    }

    /**
     * Stops the server when the controller's channel goes away. Equal by the block's directory, so that
     * {@link StopCredentialHelper} can remove it with {@link #key(String)} ({@code Channel.removeListener} removes an
     * equal listener).
     */
    static final class StopOnClose extends Channel.Listener {
        private final String directory;
        private final CredentialHelperServer server;

        StopOnClose(String directory, CredentialHelperServer server) {
            this.directory = directory;
            this.server = server;
        }

        /** A listener equal to the one registered for the block in {@code directory}, for removing it. */
        static StopOnClose key(String directory) {
            return new StopOnClose(directory, null);
        }

        @Override
        public void onClosed(Channel channel, IOException cause) {
            if (server != null) {
                server.close();
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StopOnClose other && directory.equals(other.directory);
        }

        @Override
        public int hashCode() {
            return directory.hashCode();
        }
    }
}
