// Stand-in for hudson.security.PermissionGroup from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jvnet.localizer.Localizable;

/** Group of {@link Permission}s that share the same {@link Permission#owner owner}. */
public final class PermissionGroup implements Iterable<Permission>, Comparable<PermissionGroup> {
    private final List<Permission> permissions = new ArrayList<>();

    @NonNull
    @SuppressWarnings("rawtypes")
    public final Class owner;

    /** Human readable title of this permission group. */
    public final Localizable title;

    @SuppressWarnings("rawtypes")
    public PermissionGroup(@NonNull Class owner, Localizable title) throws IllegalStateException {
        this.owner = owner;
        this.title = title;
    }

    public String getId() {
        return owner.getName();
    }

    @Override
    public Iterator<Permission> iterator() {
        return getPermissions().iterator();
    }

    synchronized void add(Permission p) {
        permissions.add(p);
    }

    public synchronized List<Permission> getPermissions() {
        return new ArrayList<>(permissions);
    }

    @Override
    public int compareTo(PermissionGroup that) {
        return getId().compareTo(that.getId());
    }

    @Override
    public String toString() {
        return "PermissionGroup[" + getId() + "]";
    }
}
