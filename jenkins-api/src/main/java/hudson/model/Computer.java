// Stand-in for hudson.model.Computer from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members and supertypes).
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.EnvVars;
import hudson.remoting.VirtualChannel;
import hudson.security.AccessControlled;
import java.io.IOException;
import java.nio.charset.Charset;

/** Represents the running state of a remote computer that holds executors. */
public abstract class Computer extends Actionable implements AccessControlled {
    protected String nodeName;

    protected Computer(Node node) {
        this.nodeName = node.getNodeName();
    }

    /** Gets the channel that can be used to run a program on this computer; null if offline. */
    @Nullable
    public abstract VirtualChannel getChannel();

    /** Gets the default charset of this computer. */
    public abstract Charset getDefaultCharset();

    /** Stand-in: no node registry, always null. */
    @CheckForNull
    public Node getNode() {
        return null;
    }

    @NonNull
    public String getName() {
        return nodeName != null ? nodeName : "";
    }

    @Override
    @NonNull
    public String getDisplayName() {
        return getName();
    }

    public boolean isOffline() {
        return getChannel() == null;
    }

    public final boolean isOnline() {
        return !isOffline();
    }

    /** Gets the environment variables of the JVM on this computer. Stand-in: this JVM's. */
    public EnvVars getEnvironment() throws IOException, InterruptedException {
        return EnvVars.getRemote(getChannel());
    }

    /** Creates an environment variable override to be used for launching processes on this node. */
    @NonNull
    public EnvVars buildEnvironment(@NonNull TaskListener listener) throws IOException, InterruptedException {
        EnvVars env = new EnvVars();
        env.put("NODE_NAME", getName().isEmpty() ? "built-in" : getName());
        return env;
    }

    /** Gets the current {@link Computer} that the build is running. Stand-in: none, always null. */
    @Nullable
    public static Computer currentComputer() {
        return null;
    }

}
