// Stand-in for hudson.model.AbstractItem from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.ACL;
import io.jenkins.registrypull.standin.StandIn;
import java.io.File;
import java.io.IOException;

/** Partial default implementation of {@link Item}. Stand-in: the ACL is the test-controlled one of {@link StandIn}. */
public abstract class AbstractItem extends Actionable implements Item {
    private transient ItemGroup parent;
    protected volatile String name;
    protected volatile String description;
    protected volatile String displayName;

    @SuppressWarnings("rawtypes")
    protected AbstractItem(ItemGroup parent, String name) {
        this.parent = parent;
        this.name = name;
    }

    @Override
    @NonNull
    public String getName() {
        return name;
    }

    @Override
    public String getDisplayName() {
        return displayName != null ? displayName : getName();
    }

    public String getDescription() {
        return description;
    }

    @Override
    @NonNull
    @SuppressWarnings("rawtypes")
    public ItemGroup getParent() {
        return parent;
    }

    @Override
    @NonNull
    public final String getFullName() {
        String n = parent == null ? "" : parent.getFullName();
        return n.isEmpty() ? getName() : n + '/' + getName();
    }

    @Override
    public final String getFullDisplayName() {
        String n = parent == null ? "" : parent.getFullDisplayName();
        return n.isEmpty() ? getDisplayName() : n + " \u00bb " + getDisplayName();
    }

    @Override
    @SuppressWarnings("unchecked")
    public File getRootDir() {
        return getParent().getRootDirFor(this);
    }

    @NonNull
    @Override
    public ACL getACL() {
        return StandIn.acl();
    }

    /** Stand-in: nothing is persisted. */
    @Override
    public synchronized void save() throws IOException {
    }

    @Override
    public String toString() {
        return super.toString() + '[' + getFullName() + ']';
    }
}
