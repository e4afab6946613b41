// Stand-in for com.cloudbees.plugins.credentials.domains.HostnameRequirement from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials.domains;

import edu.umd.cs.findbugs.annotations.NonNull;

/** A requirement for a hostname. */
public class HostnameRequirement extends DomainRequirement {
    private static final long serialVersionUID = 1L;

    @NonNull
    private final String hostname;

    public HostnameRequirement(@NonNull String hostname) {
        this.hostname = hostname;
    }

    @NonNull
    public String getHostname() {
        return hostname;
    }

    @Override
    public String toString() {
        return "HostnameRequirement{" + hostname + "}";
    }
}
