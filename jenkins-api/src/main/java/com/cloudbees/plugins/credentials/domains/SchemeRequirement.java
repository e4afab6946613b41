// Stand-in for com.cloudbees.plugins.credentials.domains.SchemeRequirement from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials.domains;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;

/** A requirement for the URI scheme. */
public class SchemeRequirement extends DomainRequirement {
    private static final long serialVersionUID = 1L;

    @NonNull
    private final String scheme;

    public SchemeRequirement(@CheckForNull String scheme) {
        this.scheme = scheme;
    }

    @NonNull
    public String getScheme() {
        return scheme;
    }

}
