package io.jenkins.registrypull.auth;

import io.jenkins.registrypull.error.InsecureConnectionException;
import io.jenkins.registrypull.http.GuardedDns;
import io.jenkins.registrypull.http.RegistryEndpoint;
import okhttp3.HttpUrl;

/**
 * Decides whether a token realm named by a registry may be contacted. The registry chooses the
 * realm, so a hostile or compromised registry could point it anywhere: credentials only go to an
 * https realm (plain http only for a registry the user explicitly marked insecure, and only on that
 * registry's own host), and never to link-local or cloud metadata addresses.
 */
final class RealmPolicy {

    private RealmPolicy() {
    }

    static HttpUrl check(RegistryEndpoint endpoint, String realm) throws InsecureConnectionException {
        if (realm == null || realm.isEmpty()) {
            throw new InsecureConnectionException("the registry " + endpoint.host()
                    + " asked for a bearer token but named no token realm; it is misconfigured");
        }
        HttpUrl url = HttpUrl.parse(realm);
        if (url == null) {
            throw new InsecureConnectionException("the registry " + endpoint.host()
                    + " named a token realm that is not an http(s) URL; it is misconfigured");
        }
        if (!url.isHttps() && !endpoint.plainHttp()) {
            throw new InsecureConnectionException("the registry " + endpoint.host() + " is served over https but its token"
                    + " realm " + describe(url) + " is plain http; credentials are not sent over plain http. Fix the"
                    + " registry's token realm, or mark the registry insecure if it is a plain-HTTP test registry.");
        }
        if (!url.isHttps() && !url.host().equalsIgnoreCase(endpoint.baseUrl().host())) {
            throw new InsecureConnectionException("the registry " + endpoint.host() + " named the plain-http token"
                    + " realm " + describe(url) + " on another host; the registry was marked insecure, that host was"
                    + " not, so credentials are not sent to it over plain http. Serve the token realm over https.");
        }
        if (GuardedDns.isForbiddenLiteral(url.host())) {
            throw new InsecureConnectionException("the registry " + endpoint.host() + " named the token realm "
                    + describe(url) + ", a link-local or cloud metadata address; it is never contacted");
        }
        return url;
    }

    /** scheme://host[:port]/path, without the query, for messages. */
    static String describe(HttpUrl url) {
        return url.newBuilder().query(null).fragment(null).build().toString();
    }
}
