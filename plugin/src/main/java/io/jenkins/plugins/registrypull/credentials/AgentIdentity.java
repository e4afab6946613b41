package io.jenkins.plugins.registrypull.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Job;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import io.jenkins.plugins.registrypull.Messages;
import org.springframework.security.core.Authentication;

/**
 * Logging in to a cloud registry with the agent's own identity (the AWS default chain: environment, EKS web identity,
 * ECS, EC2 instance role; Google application default credentials or the metadata server; Azure managed identity),
 * chosen with the reserved credentials id {@value #CREDENTIALS_ID}. It needs both opt-ins:
 * <ol>
 * <li>per pull: {@code credentialsId: 'agent-identity'} in the step, the wrapper, {@code withRegistryAuth} or a
 *     mirror;</li>
 * <li>per controller: {@link AgentIdentityConfiguration#isAllowAgentIdentity()}, set by an administrator;</li>
 * </ol>
 * and the build's authentication (as builds resolve credentials: the job's Authorize Project user, else SYSTEM) must
 * be allowed to use the credentials of the job ({@link CredentialsProvider#USE_ITEM}, which Job/Configure implies).
 * The agent's identity is a credential of the machine, so it is treated like a system credential: whoever may not use
 * the job's credentials may not use it either. Without any of these, the pull is refused before any network call,
 * with a message naming what is missing.
 */
public final class AgentIdentity {
    /** The reserved credentials id that selects the agent's identity. */
    public static final String CREDENTIALS_ID = "agent-identity";

    private AgentIdentity() {
    }

    /** Whether {@code credentialsId} asks for the agent's identity. */
    public static boolean isRequested(@CheckForNull String credentialsId) {
        return CREDENTIALS_ID.equals(credentialsId);
    }

    /** Whether the administrator allowed it on this controller. */
    public static boolean isAllowed() {
        AgentIdentityConfiguration config = AgentIdentityConfiguration.get();
        return config != null && config.isAllowAgentIdentity();
    }

    /** The login for {@code registry} with the agent's identity, once every check has passed. */
    @NonNull
    static RegistryLogin resolve(@NonNull Run<?, ?> run, @NonNull String registry) throws AbortException {
        Cloud cloud = Cloud.ofRegistry(registry);
        if (cloud == null) {
            throw new UnusableCredentialsException(Messages.AgentIdentity_NotACloudRegistry(registry));
        }
        if (!isAllowed()) {
            throw new UnusableCredentialsException(Messages.AgentIdentity_NotAllowed(registry));
        }
        Job<?, ?> job = run.getParent();
        Authentication auth = job instanceof Queue.Task ? Tasks.getAuthenticationOf2((Queue.Task) job) : ACL.SYSTEM2;
        if (!job.hasPermission2(auth, CredentialsProvider.USE_ITEM)) {
            throw new UnusableCredentialsException(Messages.AgentIdentity_Denied(auth.getName(), job.getFullName()));
        }
        return RegistryLogin.cloud(CloudLogin.agentIdentity(cloud, registry));
    }
}
