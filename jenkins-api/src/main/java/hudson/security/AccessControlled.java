// Stand-in for hudson.security.AccessControlled from org.jenkins-ci.main:jenkins-core:2.541.3 (the Acegi overloads are not mirrored).
package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

/** Object that has an {@link ACL}. */
public interface AccessControlled {
    /** Obtains the ACL associated with this object. */
    @NonNull
    ACL getACL();

    /** Convenient short-cut for {@code getACL().checkPermission(permission)}. */
    default void checkPermission(@NonNull Permission permission) throws AccessDeniedException {
        getACL().checkPermission(permission);
    }

    default void checkAnyPermission(@NonNull Permission... permission) throws AccessDeniedException {
        getACL().checkAnyPermission(permission);
    }

    /** Convenient short-cut for {@code getACL().hasPermission(permission)}. */
    default boolean hasPermission(@NonNull Permission permission) {
        return getACL().hasPermission(permission);
    }

    default boolean hasAnyPermission(@NonNull Permission... permission) {
        return getACL().hasAnyPermission(permission);
    }

    /** Convenient short-cut for {@code getACL().hasPermission2(a, permission)}. */
    default boolean hasPermission2(@NonNull Authentication a, @NonNull Permission permission) {
        return getACL().hasPermission2(a, permission);
    }
}
