package io.jenkins.plugins.registrypull.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import io.jenkins.plugins.registrypull.Messages;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The administrator's switch for {@link AgentIdentity the agent's own cloud identity} (Manage Jenkins, System,
 * "Registry logins with the agent's cloud identity"; JCasC: {@code unclassified: registryAgentIdentity:
 * allowAgentIdentity: true}). Off by default: an agent's instance role or managed identity is a credential of the
 * machine, not of a job, and only an administrator may decide that builds can use it.
 */
@Extension
@Symbol("registryAgentIdentity")
public final class AgentIdentityConfiguration extends GlobalConfiguration {
    private boolean allowAgentIdentity;

    public AgentIdentityConfiguration() {
        load();
    }

    /** The configuration, or null where it is not registered (a plugin test without it). */
    @CheckForNull
    public static AgentIdentityConfiguration get() {
        return ExtensionList.lookupFirst(AgentIdentityConfiguration.class);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return Messages.AgentIdentity_DisplayName();
    }

    public boolean isAllowAgentIdentity() {
        return allowAgentIdentity;
    }

    @DataBoundSetter
    public void setAllowAgentIdentity(boolean allowAgentIdentity) {
        this.allowAgentIdentity = allowAgentIdentity;
        save();
    }
}
