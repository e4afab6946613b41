package io.jenkins.registrypull.registry;

import io.jenkins.registrypull.api.InsecureConnectionException;
import io.jenkins.registrypull.api.RegistryConnectionException;
import io.jenkins.registrypull.api.RegistryException;
import io.jenkins.registrypull.auth.RepositoryScope;
import io.jenkins.registrypull.http.GuardedDns;
import io.jenkins.registrypull.http.RegistryEndpoint;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.util.List;

/**
 * Follows the redirects of a registry GET itself instead of leaving them to OkHttp (which follows
 * up to 20, and which this engine's clients are told not to do): registries send blob downloads to
 * blob storage or a CDN with a redirect (ECR to S3, Docker Hub to Cloudflare, GCR to GCS), sometimes
 * through a second hop.
 *
 * <ul>
 *   <li>At most {@value #MAX_REDIRECTS} redirects; one more is a clear error (a redirect loop).</li>
 *   <li>Each hop is a fresh GET that carries only {@code Accept}, {@code Accept-Encoding} and {@code Range}:
 *       never {@code Authorization} or a cookie. Only a hop back to the registry's own origin is tagged
 *       for the auth interceptor, which authenticates requests to the registry and nothing else.</li>
 *   <li>Never from https to plain http (unless the registry itself is plain HTTP, explicitly insecure),
 *       and never to a link-local or cloud metadata address ({@link GuardedDns} covers host names).</li>
 * </ul>
 */
final class RedirectPolicy {

    /** More hops than any registry uses (one to storage, maybe one more to a regional endpoint). */
    static final int MAX_REDIRECTS = 5;
    private static final List<String> KEPT_HEADERS = List.of("Accept", "Accept-Encoding", "Range");

    private final OkHttpClient http;
    private final RegistryEndpoint endpoint;

    /**
     * @param http a client that does not follow redirects itself ({@code followRedirects(false)})
     */
    RedirectPolicy(OkHttpClient http, RegistryEndpoint endpoint) {
        if (http.followRedirects() || http.followSslRedirects()) {
            throw new IllegalArgumentException("the client must not follow redirects itself");
        }
        this.http = http;
        this.endpoint = endpoint;
    }

    /** The last call of a followed chain and its response (not a redirect), open. */
    record Followed(Call call, Response response) {
    }

    /**
     * Executes {@code request} and follows its redirects.
     *
     * @param what the object fetched, for messages, e.g. {@code blob sha256:... of team/app}
     */
    Followed execute(Request request, String what) throws IOException, RegistryException {
        Request current = request;
        for (int hop = 0; ; hop++) {
            Call call = http.newCall(current);
            Response response = call.execute();
            if (!response.isRedirect()) {
                return new Followed(call, response);
            }
            HttpUrl from = current.url();
            String location = response.header("Location");
            int status = response.code();
            response.close();
            HttpUrl to = location == null ? null : from.resolve(location);
            if (to == null) {
                throw new RegistryConnectionException("The registry answered HTTP " + status + " for " + what
                        + " with no usable Location to redirect to; it is misconfigured.", null);
            }
            if (hop >= MAX_REDIRECTS) {
                throw new RegistryConnectionException("The registry redirected the request for " + what + " more than "
                        + MAX_REDIRECTS + " times (the last hop pointed at " + describe(to) + "); refusing to follow"
                        + " further. The registry or its storage is misconfigured (a redirect loop).", null);
            }
            if (from.isHttps() && !to.isHttps() && !endpoint.plainHttp()) {
                throw new InsecureConnectionException("The request for " + what + " was redirected from https to plain"
                        + " http (" + describe(to) + "); such a redirect is not followed. The registry or its storage"
                        + " is misconfigured.");
            }
            if (GuardedDns.isForbiddenLiteral(to.host())) {
                throw new InsecureConnectionException("The request for " + what + " was redirected to " + describe(to)
                        + ", a link-local or cloud metadata address; it is never contacted.");
            }
            current = next(request, to);
        }
    }

    private Request next(Request original, HttpUrl to) {
        Request.Builder next = new Request.Builder().url(to).get();
        for (String name : KEPT_HEADERS) {
            String value = original.header(name);
            if (value != null) {
                next.header(name, value);
            }
        }
        RepositoryScope scope = original.tag(RepositoryScope.class);
        if (scope != null && endpoint.isSameOrigin(to)) {
            // back at the registry itself: the auth interceptor may authenticate it, for the same repository
            next.tag(RepositoryScope.class, scope);
        }
        return next.build();
    }

    /** scheme://host[:port]/path, without the query (a signed storage URL carries a signature there). */
    static String describe(HttpUrl url) {
        return url.newBuilder().query(null).fragment(null).build().toString();
    }
}
