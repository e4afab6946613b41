// Stand-in for hudson.security.Permission from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package hudson.security;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.Set;
import org.jvnet.localizer.Localizable;

/** Permission, which represents activity that requires a security privilege. */
public final class Permission {
    @NonNull
    @SuppressWarnings("rawtypes")
    public final Class owner;

    @NonNull
    public final PermissionGroup group;

    /** Human readable ID of the permission. */
    @NonNull
    public final String name;

    /** Human-readable description of this permission. Stand-in: always null (core's Messages are not mirrored). */
    @CheckForNull
    public final Localizable description;

    /** Bundled {@link Permission} that also implies this permission. */
    @CheckForNull
    public final Permission impliedBy;

    /** Whether this permission is available for use. */
    public boolean enabled;

    @NonNull
    private final Set<PermissionScope> scopes;

    public Permission(@NonNull PermissionGroup group, @NonNull String name, @CheckForNull Localizable description,
            @CheckForNull Permission impliedBy, boolean enable, @NonNull PermissionScope[] scopes) throws IllegalStateException {
        if (!JSR303_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Bad permission name: " + name);
        }
        this.owner = group.owner;
        this.group = group;
        this.name = name;
        this.description = description;
        this.impliedBy = impliedBy;
        this.enabled = enable;
        this.scopes = Set.of(scopes);
        group.add(this);
    }

    public Permission(@NonNull PermissionGroup group, @NonNull String name, @CheckForNull Localizable description,
            @CheckForNull Permission impliedBy, @NonNull PermissionScope scope) {
        this(group, name, description, impliedBy, true, new PermissionScope[] {scope});
    }

    @Deprecated
    public Permission(@NonNull PermissionGroup group, @NonNull String name, @CheckForNull Localizable description,
            @CheckForNull Permission impliedBy) {
        this(group, name, description, impliedBy, PermissionScope.JENKINS);
    }

    private static final java.util.regex.Pattern JSR303_NAME = java.util.regex.Pattern.compile("\\w+");

    /** Checks if this permission is contained in the specified scope, (either directly or indirectly.) */
    public boolean isContainedBy(@NonNull PermissionScope s) {
        for (PermissionScope c : scopes) {
            if (c.isContainedBy(s)) {
                return true;
            }
        }
        return false;
    }

    /** Returns the string representation of this {@link Permission}, like {@code hudson.model.Hudson.Administer}. */
    @NonNull
    public String getId() {
        return owner.getName() + '.' + name;
    }

    @Override
    public String toString() {
        return "Permission[" + owner + ',' + name + ']';
    }

    @Deprecated
    public static final PermissionGroup HUDSON_PERMISSIONS = new PermissionGroup(jenkins.model.Jenkins.class, null);

    /** {@link Permission} that represents the God-like access. Equivalent of Unix root. */
    @Deprecated
    public static final Permission HUDSON_ADMINISTER = new Permission(HUDSON_PERMISSIONS, "Administer", null, null);

    public static final PermissionGroup GROUP = new PermissionGroup(Permission.class, null);

    @Deprecated
    public static final Permission FULL_CONTROL = new Permission(GROUP, "FullControl", null, HUDSON_ADMINISTER);

    /** Generic read access. */
    public static final Permission READ = new Permission(GROUP, "GenericRead", null, HUDSON_ADMINISTER);

    /** Generic write access. */
    public static final Permission WRITE = new Permission(GROUP, "GenericWrite", null, HUDSON_ADMINISTER);

    /** Generic create access. */
    public static final Permission CREATE = new Permission(GROUP, "GenericCreate", null, WRITE);

    /** Generic update access. */
    public static final Permission UPDATE = new Permission(GROUP, "GenericUpdate", null, WRITE);

    /** Generic delete access. */
    public static final Permission DELETE = new Permission(GROUP, "GenericDelete", null, WRITE);

    /** Generic configuration access. */
    public static final Permission CONFIGURE = new Permission(GROUP, "GenericConfigure", null, UPDATE);
}
