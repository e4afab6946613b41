// Stand-in for com.cloudbees.plugins.credentials.domains.URIRequirementBuilder from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials.domains;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/** Infers domain requirements from a URI. */
public class URIRequirementBuilder {
    @CheckForNull
    private String scheme;
    @CheckForNull
    private String hostname;
    private int port = -1;
    @CheckForNull
    private String path;

    private URIRequirementBuilder() {
    }

    @NonNull
    public static URIRequirementBuilder create() {
        return new URIRequirementBuilder();
    }

    @NonNull
    public static URIRequirementBuilder fromUri(@CheckForNull String uri) {
        return create().withUri(uri);
    }

    /** Replaces the requirements with those of the supplied URI (ignored if it does not parse). */
    @NonNull
    public URIRequirementBuilder withUri(@CheckForNull String uri) {
        if (uri != null) {
            try {
                URI u = new URI(uri);
                withScheme(u.getScheme());
                if (u.getHost() != null) {
                    withHostnamePort(u.getHost(), u.getPort());
                } else {
                    withoutHostnamePort();
                }
                withPath(u.getRawPath());
            } catch (URISyntaxException e) {
                // not a URI: keep what we had
            }
        }
        return this;
    }

    @NonNull
    public URIRequirementBuilder withScheme(@CheckForNull String scheme) {
        this.scheme = scheme == null || scheme.isEmpty() ? null : scheme;
        return this;
    }

    @NonNull
    public URIRequirementBuilder withoutScheme() {
        this.scheme = null;
        return this;
    }

    @NonNull
    public URIRequirementBuilder withHostname(@CheckForNull String hostname) {
        this.hostname = hostname == null || hostname.isEmpty() ? null : hostname;
        this.port = -1;
        return this;
    }

    @NonNull
    public URIRequirementBuilder withoutHostname() {
        this.hostname = null;
        this.port = -1;
        return this;
    }

    @NonNull
    public URIRequirementBuilder withHostnamePort(@CheckForNull String hostname, int port) {
        this.hostname = hostname == null || hostname.isEmpty() ? null : hostname;
        this.port = port;
        return this;
    }

    @NonNull
    public URIRequirementBuilder withoutHostnamePort() {
        return withoutHostname();
    }

    @NonNull
    public URIRequirementBuilder withPath(@CheckForNull String path) {
        this.path = path == null || path.isEmpty() ? null : path;
        return this;
    }

    @NonNull
    public URIRequirementBuilder withoutPath() {
        this.path = null;
        return this;
    }

    @NonNull
    public URIRequirementBuilder duplicate() {
        URIRequirementBuilder copy = new URIRequirementBuilder();
        copy.scheme = scheme;
        copy.hostname = hostname;
        copy.port = port;
        copy.path = path;
        return copy;
    }

    /** Creates the list of {@link DomainRequirement}s. */
    @NonNull
    public List<DomainRequirement> build() {
        List<DomainRequirement> result = new ArrayList<>();
        if (scheme != null) {
            result.add(new SchemeRequirement(scheme));
        }
        if (hostname != null) {
            result.add(port == -1 ? new HostnameRequirement(hostname) : new HostnamePortRequirement(hostname, port));
        }
        if (path != null) {
            result.add(new PathRequirement(path));
        }
        return result;
    }
}
