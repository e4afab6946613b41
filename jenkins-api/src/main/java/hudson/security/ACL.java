// Stand-in for hudson.security.ACL from org.jenkins-ci.main:jenkins-core:2.541.3 (Spring Security API only; the Acegi members are not mirrored).
package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.function.BiFunction;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/** Gate-keeper that controls access to Hudson's model objects. */
public abstract class ACL {
    /** Name of the pseudo-user that the system runs as. */
    @Restricted(NoExternalUse.class)
    public static final String SYSTEM_USERNAME = "SYSTEM";

    /** {@link Authentication} that the system runs as. */
    public static final Authentication SYSTEM2 = new UsernamePasswordAuthenticationToken(SYSTEM_USERNAME, "SYSTEM");

    /** Name of the pseudo-user for anonymous access. */
    @Restricted(NoExternalUse.class)
    public static final String ANONYMOUS_USERNAME = "anonymous";

    /** Checks if the current security principal has this permission. */
    public final void checkPermission(@NonNull Permission p) {
        Authentication a = Jenkins.getAuthentication2();
        if (a.equals(SYSTEM2)) {
            return;
        }
        if (!hasPermission2(a, p)) {
            throw new AccessDeniedException(a.getName() + " is missing the " + p.group.title + "/" + p.name + " permission");
        }
    }

    /** Checks if the current security principal has one of the supplied permissions. */
    public final void checkAnyPermission(@NonNull Permission... permissions) {
        if (!hasAnyPermission(permissions)) {
            throw new AccessDeniedException(Jenkins.getAuthentication2().getName() + " is missing a permission");
        }
    }

    /** Checks if the current security principal has this permission. */
    public final boolean hasPermission(@NonNull Permission p) {
        Authentication a = Jenkins.getAuthentication2();
        if (a.equals(SYSTEM2)) {
            return true;
        }
        return hasPermission2(a, p);
    }

    public final boolean hasAnyPermission(@NonNull Permission... permissions) {
        for (Permission p : permissions) {
            if (hasPermission(p)) {
                return true;
            }
        }
        return false;
    }

    /** Checks if the given principle has the given permission. */
    public boolean hasPermission2(@NonNull Authentication a, @NonNull Permission permission) {
        throw new AbstractMethodError("implement hasPermission2");
    }

    /** Creates a simple {@link ACL} implementation based on a “single-abstract-method” easily implemented via lambda syntax. */
    public static ACL lambda2(final BiFunction<Authentication, Permission, Boolean> impl) {
        return new ACL() {
            @Override
            public boolean hasPermission2(@NonNull Authentication a, @NonNull Permission permission) {
                return impl.apply(a, permission);
            }
        };
    }

    /** Changes the {@link Authentication} associated with the current thread to the specified one. */
    @NonNull
    public static ACLContext as2(@NonNull Authentication auth) {
        final ACLContext context = new ACLContext(SecurityContextHolder.getContext());
        SecurityContext c = SecurityContextHolder.createEmptyContext();
        c.setAuthentication(auth);
        SecurityContextHolder.setContext(c);
        return context;
    }

    /** Checks if the given authentication is anonymous by checking its class. */
    public static boolean isAnonymous2(@NonNull Authentication authentication) {
        return authentication instanceof org.springframework.security.authentication.AnonymousAuthenticationToken;
    }
}
