package io.jenkins.registrypull.standin;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.domains.Domain;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.security.Permission;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import jenkins.model.Jenkins;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The state the stand-ins read: the running Jenkins (if a test started one), the registered extensions, the
 * credentials of the "system" store and the permission policy. Tests call {@link #reset()} between cases.
 */
public final class StandIn {
    private static volatile Jenkins jenkins;
    private static final Map<Class<?>, List<Object>> extensions = new ConcurrentHashMap<>();
    private static final Set<Permission> granted = ConcurrentHashMap.newKeySet();
    private static volatile boolean grantAll = true;
    private static volatile StandInCredentialsProvider credentialsProvider;

    private StandIn() {
    }

    /** Forgets everything: no Jenkins, no extensions, no credentials, every permission granted. */
    public static synchronized void reset() {
        jenkins = null;
        extensions.clear();
        granted.clear();
        grantAll = true;
        credentialsProvider = null;
    }

    // ---- Jenkins ----

    /** Starts a Jenkins instance rooted at {@code root}, so that {@code Jenkins.get()} works. */
    public static synchronized Jenkins startJenkins(@NonNull File root) {
        try {
            jenkins = new StandInJenkins(root);
        } catch (IOException | InterruptedException | org.jvnet.hudson.reactor.ReactorException e) {
            throw new IllegalStateException(e);
        }
        return jenkins;
    }

    @CheckForNull
    public static Jenkins jenkinsOrNull() {
        return jenkins;
    }

    // ---- extensions (what @Extension discovery yields in Jenkins) ----

    /** Registers an extension instance under its extension point type (and each Descriptor also under Descriptor). */
    public static synchronized <T> T register(@NonNull Class<T> type, @NonNull T instance) {
        extensions.computeIfAbsent(type, k -> new CopyOnWriteArrayList<>()).add(instance);
        if (instance instanceof hudson.model.Descriptor && type != hudson.model.Descriptor.class) {
            extensions.computeIfAbsent(hudson.model.Descriptor.class, k -> new CopyOnWriteArrayList<>()).add(instance);
        }
        return instance;
    }

    /** The registered instances of {@code type}, in registration order. */
    @NonNull
    public static <T> List<T> extensionsOf(@NonNull Class<T> type) {
        List<Object> all = extensions.get(type);
        if (all == null) {
            return Collections.emptyList();
        }
        List<T> r = new ArrayList<>(all.size());
        for (Object o : all) {
            r.add(type.cast(o));
        }
        return r;
    }

    // ---- credentials (what SystemCredentialsProvider.getInstance().getCredentials() is in a JenkinsRule test) ----

    /** The mutable list of credentials in the global domain of the system store; the providers are registered on first use. */
    @NonNull
    public static List<Credentials> credentials() {
        return credentials(Domain.global());
    }

    /** The mutable list of credentials in {@code domain} of the system store (offered only where the domain matches). */
    @NonNull
    public static synchronized List<Credentials> credentials(@NonNull Domain domain) {
        return provider().in(domain);
    }

    /** The mutable list of the credentials in a user's own store (UserCredentialsProvider). */
    @NonNull
    public static synchronized List<Credentials> userCredentials(@NonNull String userId) {
        return provider().ofUser(userId);
    }

    private static StandInCredentialsProvider provider() {
        if (credentialsProvider == null) {
            credentialsProvider = new StandInCredentialsProvider();
            register(com.cloudbees.plugins.credentials.CredentialsProvider.class, credentialsProvider);
        }
        return credentialsProvider;
    }

    // ---- users and authentications ----

    /** What {@code User.getById(id, false).impersonate2()} returns: an authenticated user. */
    @NonNull
    public static Authentication user(@NonNull String userId) {
        return UsernamePasswordAuthenticationToken.authenticated(userId, "",
                List.of(new SimpleGrantedAuthority("authenticated")));
    }

    /**
     * What {@code CredentialsProvider} and a build's executor use as an item's authentication:
     * {@code Tasks.getAuthenticationOf2} for a {@code Queue.Task} (a job), SYSTEM for anything else.
     */
    @NonNull
    public static Authentication authenticationOf(@CheckForNull Item item) {
        return item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
    }

    /**
     * What the installed {@code QueueItemAuthenticator}s give for a task, or null: the Authorize Project plugin's
     * "run as specific user" of a {@link StandInJob} ({@link StandInJob#runAs}); nothing for any other task.
     */
    @CheckForNull
    public static Authentication queueItemAuthentication(@NonNull Queue.Task task) {
        return task instanceof StandInJob job ? job.authentication() : null;
    }

    /** The credentials parameter {@code name} of a run, as {@code CredentialsParameterBinder} holds it, or null. */
    @CheckForNull
    public static CredentialsParameter credentialsParameter(@NonNull Run<?, ?> run, @NonNull String name) {
        return run instanceof StandInRun ? ((StandInRun) run).credentialsParameter(name) : null;
    }

    /** The id of the user who started the run ({@code Cause.UserIdCause}), or null. */
    @CheckForNull
    public static String triggeredBy(@NonNull Run<?, ?> run) {
        return run instanceof StandInRun ? ((StandInRun) run).triggeredBy() : null;
    }

    /** A bound credentials parameter: what the user chose (or the default), and who supplied it. */
    public record CredentialsParameter(@CheckForNull String credentialsId, boolean isDefaultValue, @CheckForNull String userId) {
    }

    // ---- security ----

    /** Grants every permission to everybody (the default, like an unsecured Jenkins). */
    public static void grantAll() {
        granted.clear();
        grantAll = true;
    }

    /** Grants exactly these permissions (and those they imply) to every non-SYSTEM user. */
    public static void grantOnly(@NonNull Permission... permissions) {
        granted.clear();
        granted.addAll(List.of(permissions));
        grantAll = false;
    }

    /** The ACL of every stand-in object: SYSTEM may do anything, others what the policy grants. */
    @NonNull
    public static ACL acl() {
        return ACL.lambda2(StandIn::permits);
    }

    static boolean permits(Authentication a, Permission p) {
        if (ACL.SYSTEM2.equals(a) || grantAll) {
            return true;
        }
        // As matrix-auth's ACLs: a disabled permission (EXTENDED_READ without its system property) cannot be
        // granted by itself, only through what implies it.
        for (Permission q = p; q != null; q = q.impliedBy) {
            if (q.enabled && granted.contains(q)) {
                return true;
            }
        }
        return false;
    }
}
