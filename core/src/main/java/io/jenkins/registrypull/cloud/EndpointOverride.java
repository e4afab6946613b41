package io.jenkins.registrypull.cloud;

import io.jenkins.registrypull.error.InvalidInputException;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The rule for a cloud endpoint a user or an SDK convention overrides (a key file's {@code token_uri},
 * {@code AZURE_AUTHORITY_HOST}, {@code GCE_METADATA_HOST}): HTTPS anywhere, plain HTTP only to a loopback address,
 * so a test or an air-gapped mirror can run its own server without a cloud secret ever crossing a network in clear.
 */
public final class EndpointOverride {

    private EndpointOverride() {
    }

    /**
     * The endpoint as a URI, checked.
     *
     * @param field what the user set, named in the error (e.g. {@code token_uri of the key file})
     */
    public static URI check(String field, String endpoint) throws InvalidInputException {
        URI uri;
        try {
            uri = new URI(endpoint.trim());
        } catch (URISyntaxException e) {
            throw new InvalidInputException(field, "is not a URL; give an https:// URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new InvalidInputException(field, "needs a host name and no user name in it; give an https:// URL");
        }
        if ("https".equals(scheme)) {
            return uri;
        }
        if ("http".equals(scheme) && isLoopback(uri.getHost())) {
            return uri;
        }
        throw new InvalidInputException(field, "must be an https:// URL (plain http:// only to 127.0.0.1, [::1] or"
                + " localhost), because a cloud secret travels over it");
    }

    /** True for an IP literal of the loopback range or {@code localhost}; no DNS lookup for other names. */
    public static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if ("localhost".equalsIgnoreCase(bare)) {
            return true;
        }
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
