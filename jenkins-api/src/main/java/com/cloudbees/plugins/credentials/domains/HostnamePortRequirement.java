// Stand-in for com.cloudbees.plugins.credentials.domains.HostnamePortRequirement from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials.domains;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/** A requirement for a hostname and port. */
public class HostnamePortRequirement extends HostnameRequirement {
    private static final long serialVersionUID = 1L;

    private final int port;

    public HostnamePortRequirement(@CheckForNull String hostname, int port) {
        super(hostname);
        this.port = port;
    }

    public int getPort() {
        return port;
    }

}
