package io.jenkins.registrypull.cloud.azure;

import io.jenkins.registrypull.cloud.EndpointOverride;
import io.jenkins.registrypull.error.InvalidInputException;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * The Entra authority host: {@code https://login.microsoftonline.com} or {@code AZURE_AUTHORITY_HOST} (a sovereign
 * cloud, or a test's own server). MSAL asks Microsoft's instance discovery only for Microsoft's own hosts, so an
 * overridden host is never told to a third party.
 */
record AuthorityHost(URI host) {

    static final String ENV = "AZURE_AUTHORITY_HOST";
    static final String DEFAULT = "https://login.microsoftonline.com";
    private static final Set<String> MICROSOFT_HOSTS = Set.of("login.microsoftonline.com", "login.microsoftonline.us",
            "login.chinacloudapi.cn", "login.windows.net", "login.microsoft.com", "sts.windows.net");

    static AuthorityHost fromEnvironment(Map<String, String> env) throws InvalidInputException {
        String value = env.get(ENV);
        URI uri = EndpointOverride.check(ENV, value == null || value.isBlank() ? DEFAULT : value);
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new InvalidInputException(ENV, "must be an https:// URL (MSAL accepts no other scheme)");
        }
        return new AuthorityHost(uri);
    }

    String authorityFor(String tenantId) {
        String base = host.toString();
        return (base.endsWith("/") ? base : base + "/") + tenantId + "/";
    }

    boolean isMicrosoftCloud() {
        return MICROSOFT_HOSTS.contains(host.getHost().toLowerCase(java.util.Locale.ROOT));
    }
}
