// Stand-in for hudson.model.Node from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members and supertypes).
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.FilePath;
import hudson.Launcher;
import hudson.remoting.VirtualChannel;
import hudson.security.AccessControlled;

/** Base type of Jenkins agents (although in practice, you probably extend {@code Slave} to define a new agent type). */
public abstract class Node implements ModelObject, ExtensionPoint, AccessControlled {
    @Override
    public String getDisplayName() {
        return getNodeName();
    }

    /** Name of this node; "" for the built-in node. */
    @NonNull
    public abstract String getNodeName();

    /** Returns a {@link Launcher} for executing programs on this node. */
    public abstract Launcher createLauncher(TaskListener listener);

    /** Returns the root directory of this node, or null if the node is offline. */
    @CheckForNull
    public abstract FilePath getRootPath();

    /** Gets the corresponding {@link Computer} object. Stand-in: none exists. */
    @CheckForNull
    public final Computer toComputer() {
        return null;
    }

    /** Gets the current channel, if the node is connected and online, or null. */
    @CheckForNull
    public final VirtualChannel getChannel() {
        Computer c = toComputer();
        return c == null ? null : c.getChannel();
    }

    /** Gets the {@link FilePath} on this node. */
    @CheckForNull
    public FilePath createPath(String absolutePath) {
        VirtualChannel ch = getChannel();
        return new FilePath(ch, absolutePath);
    }

    public abstract String getLabelString();
}
