// Stand-in for hudson.security.PermissionScope from org.jenkins-ci.main:jenkins-core:2.541.3.
package hudson.security;

import hudson.model.Computer;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.ModelObject;
import hudson.model.Run;
import java.util.Set;
import jenkins.model.Jenkins;

/** Represents the model class {@link Permission} acts on and scoped to. */
public final class PermissionScope {
    /** Target of the permission. */
    public final Class<? extends ModelObject> modelClass;

    /** Other bigger scopes that this scope directly contains. */
    private final Set<PermissionScope> containers;

    public PermissionScope(Class<? extends ModelObject> modelClass, PermissionScope... containers) {
        this.modelClass = modelClass;
        this.containers = Set.of(containers);
    }

    public boolean isContainedBy(PermissionScope s) {
        if (this == s) {
            return true;
        }
        for (PermissionScope c : containers) {
            if (c.isContainedBy(s)) {
                return true;
            }
        }
        return false;
    }

    public static final PermissionScope JENKINS = new PermissionScope(Jenkins.class);
    @SuppressWarnings("rawtypes")
    public static final PermissionScope ITEM_GROUP = new PermissionScope((Class) ItemGroup.class, JENKINS);
    public static final PermissionScope ITEM = new PermissionScope(Item.class, ITEM_GROUP);
    @SuppressWarnings("rawtypes")
    public static final PermissionScope RUN = new PermissionScope((Class) Run.class, ITEM);
    public static final PermissionScope COMPUTER = new PermissionScope(Computer.class, JENKINS);
}
