// Stand-in for com.cloudbees.plugins.credentials.domains.HostnameRequirement from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials.domains;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/** A requirement for a hostname. */
public class HostnameRequirement extends DomainRequirement {
    private static final long serialVersionUID = 1L;

    @CheckForNull
    private final String hostname;

    public HostnameRequirement(@CheckForNull String hostname) {
        this.hostname = hostname;
    }

    @CheckForNull
    public String getHostname() {
        return hostname;
    }

}
