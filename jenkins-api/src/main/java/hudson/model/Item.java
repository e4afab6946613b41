// Stand-in for hudson.model.Item from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members and supertypes).
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;
import java.io.IOException;
import jenkins.model.FullyNamed;
import jenkins.model.FullyNamedModelObject;

/** Basic configuration unit in Hudson: every {@link Item} is hosted in an {@link ItemGroup}. */
public interface Item extends FullyNamed, FullyNamedModelObject, PersistenceRoot, AccessControlled {
    /** Gets the parent that contains this item. */
    ItemGroup<? extends Item> getParent();

    /** Gets the name of the item. */
    @NonNull
    String getName();

    /** Gets the full name of this item, like "abc/def/ghi". */
    @NonNull
    String getFullName();

    @Override
    String getDisplayName();



    @Override
    void save() throws IOException;

    PermissionGroup PERMISSIONS = new PermissionGroup(Item.class, null);
    Permission CREATE = new Permission(PERMISSIONS, "Create", null, Permission.CREATE, PermissionScope.ITEM_GROUP);
    Permission DELETE = new Permission(PERMISSIONS, "Delete", null, Permission.DELETE, PermissionScope.ITEM);
    Permission CONFIGURE = new Permission(PERMISSIONS, "Configure", null, Permission.CONFIGURE, PermissionScope.ITEM);
    Permission READ = new Permission(PERMISSIONS, "Read", null, Permission.READ, PermissionScope.ITEM);
    Permission DISCOVER = new Permission(PERMISSIONS, "Discover", null, READ, PermissionScope.ITEM);
    /** Ability to view configuration details. */
    // Off unless the system property is set, as in Jenkins: then only CONFIGURE implies it.
    Permission EXTENDED_READ = new Permission(PERMISSIONS, "ExtendedRead", null, CONFIGURE,
            Boolean.getBoolean("hudson.security.ExtendedReadPermission"), new PermissionScope[] {PermissionScope.ITEM});
    Permission BUILD = new Permission(PERMISSIONS, "Build", null, Permission.UPDATE, PermissionScope.ITEM);
    Permission WORKSPACE = new Permission(PERMISSIONS, "Workspace", null, Permission.READ, PermissionScope.ITEM);
    Permission WIPEOUT = new Permission(PERMISSIONS, "WipeOut", null, null, PermissionScope.ITEM);
    Permission CANCEL = new Permission(PERMISSIONS, "Cancel", null, BUILD, PermissionScope.ITEM);
}
