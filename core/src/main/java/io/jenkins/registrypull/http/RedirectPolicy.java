package io.jenkins.registrypull.http;

import io.jenkins.registrypull.error.RedirectRefusedException;
import io.jenkins.registrypull.error.InvalidRegistryAnswerException;
import io.jenkins.registrypull.error.RegistryException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.util.List;

/**
 * The one place where the engine's requests are sent and their redirects decided: the probe
 * ({@code GET /v2/}), token requests, manifests, referrers and blobs all go through it, on clients
 * that follow no redirect themselves (OkHttp follows up to 20, to any address). Registries send
 * blob downloads to blob storage or a CDN with a redirect (ECR to S3, Docker Hub to Cloudflare,
 * GCR to GCS), sometimes through a second hop.
 *
 * <ul>
 *   <li>What a request may follow is its {@link Hops}: blobs and manifests to any origin, the probe
 *       only within the registry's origin (scheme, host and port: another port is another server),
 *       a token request (it carries credentials) nowhere.</li>
 *   <li>At most {@value #MAX_REDIRECTS} redirects; one more is a clear error (a redirect loop).</li>
 *   <li>Each hop is a fresh GET that carries only {@code Accept}, {@code Accept-Encoding} and {@code Range}:
 *       never {@code Authorization} or a cookie. Only a hop back to the registry's own origin is tagged
 *       for the auth interceptor, which authenticates requests to the registry and nothing else.</li>
 *   <li>Never from https to plain http (unless the registry itself is plain HTTP, explicitly insecure),
 *       and never to a link-local or cloud metadata address ({@link GuardedDns} covers host names):
 *       refused before any connection is opened.</li>
 *   <li>Every call, hops included, is bounded by the pull's {@link Deadline}.</li>
 * </ul>
 */
public final class RedirectPolicy {

    /** More hops than any registry uses (one to storage, maybe one more to a regional endpoint). */
    public static final int MAX_REDIRECTS = 5;
    private static final List<String> KEPT_HEADERS = List.of("Accept", "Accept-Encoding", "Range");

    /** Which redirects a request may follow. */
    public enum Hops {
        /** Blobs, manifests, referrers: storage and CDNs live on other hosts; hops carry no credentials. */
        ANY_ORIGIN,
        /** The probe: a hop may change the path, not the scheme, host or port. */
        SAME_ORIGIN,
        /** Token requests: they carry credentials (a Basic header, a password or refresh token in the form). */
        NONE
    }

    private final OkHttpClient http;
    private final RegistryEndpoint endpoint;
    private final Deadline deadline;

    /**
     * @param http a client that does not follow redirects itself ({@code followRedirects(false)})
     */
    public RedirectPolicy(OkHttpClient http, RegistryEndpoint endpoint, Deadline deadline) {
        if (http.followRedirects() || http.followSslRedirects()) {
            throw new IllegalArgumentException("the client must not follow redirects itself");
        }
        this.http = http;
        this.endpoint = endpoint;
        this.deadline = deadline;
    }

    public RedirectPolicy(OkHttpClient http, RegistryEndpoint endpoint) {
        this(http, endpoint, Deadline.none());
    }

    public RegistryEndpoint endpoint() {
        return endpoint;
    }

    public Deadline deadline() {
        return deadline;
    }

    /** The last call of a followed chain and its response (not a redirect), open. */
    public record Followed(Call call, Response response) {
    }

    /** Executes a GET of the registry API and follows its redirects to any origin. */
    public Followed execute(Request request, String what) throws IOException, RegistryException {
        return execute(request, what, Hops.ANY_ORIGIN);
    }

    /**
     * Executes {@code request} and follows the redirects {@code hops} allows.
     *
     * @param what the object fetched, for messages, e.g. {@code blob sha256:... of team/app}
     */
    public Followed execute(Request request, String what, Hops hops) throws IOException, RegistryException {
        Request current = request;
        for (int hop = 0; ; hop++) {
            Call call = deadline.bound(http.newCall(current), "requesting " + what);
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
                throw new InvalidRegistryAnswerException("The " + server(hops) + " answered HTTP " + status + " for "
                        + what + " with no usable Location to redirect to; it is misconfigured.");
            }
            refuseIfForbidden(what, hops, hop, from, to, status);
            current = next(request, to);
        }
    }

    private void refuseIfForbidden(String what, Hops hops, int hop, HttpUrl from, HttpUrl to, int status)
            throws RegistryException {
        if (hops == Hops.NONE) {
            throw new RedirectRefusedException("The token server answered HTTP " + status + ", a redirect to "
                    + describe(to) + ", to the request for " + what + ". Token requests carry credentials, so they are not"
                    + " redirected: set the registry's token realm to the token server's final URL.");
        }
        if (hop >= MAX_REDIRECTS) {
            throw new InvalidRegistryAnswerException("The registry redirected the request for " + what + " more than "
                    + MAX_REDIRECTS + " times (the last hop pointed at " + describe(to) + "); refusing to follow"
                    + " further. The registry or its storage is misconfigured (a redirect loop).");
        }
        if (from.isHttps() && !to.isHttps() && !endpoint.plainHttp()) {
            throw new RedirectRefusedException("The request for " + what + " was redirected from https to plain"
                    + " http (" + describe(to) + "); such a redirect is not followed. The registry or its storage"
                    + " is misconfigured.");
        }
        if (GuardedDns.isForbiddenLiteral(to.host())) {
            throw new RedirectRefusedException("The request for " + what + " was redirected to " + describe(to)
                    + ", a link-local or cloud metadata address; it is never contacted.");
        }
        if (hops == Hops.SAME_ORIGIN && !endpoint.isSameOrigin(to)) {
            throw new RedirectRefusedException("The registry " + endpoint.host() + " answered HTTP " + status
                    + " to " + what + ", a redirect to " + describe(to) + ", another server (a different scheme,"
                    + " host or port). The registry API is not followed there; give the registry's final address"
                    + " in the image reference.");
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

    private static String server(Hops hops) {
        return hops == Hops.NONE ? "token server" : "registry";
    }

    /** scheme://host[:port]/path, without the query (a signed storage URL carries a signature there). */
    public static String describe(HttpUrl url) {
        return url.newBuilder().query(null).fragment(null).build().toString();
    }
}
