// Stand-in for com.cloudbees.plugins.credentials.domains.PathRequirement from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials.domains;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;

/** A requirement for a URI path. */
public class PathRequirement extends DomainRequirement {
    private static final long serialVersionUID = 1L;

    @NonNull
    private final String path;

    public PathRequirement(@CheckForNull String path) {
        this.path = path;
    }

    @NonNull
    public String getPath() {
        return path;
    }

}
