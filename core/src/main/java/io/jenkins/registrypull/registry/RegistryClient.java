package io.jenkins.registrypull.registry;

import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.UnsupportedManifestException;
import io.jenkins.registrypull.http.RateLimit;
import io.jenkins.registrypull.error.VerificationException;
import io.jenkins.registrypull.auth.AuthSession;
import io.jenkins.registrypull.http.RepositoryScope;
import io.jenkins.registrypull.http.ConnectionErrors;
import io.jenkins.registrypull.http.Deadline;
import io.jenkins.registrypull.http.ErrorResponses;
import io.jenkins.registrypull.http.RedirectPolicy;
import io.jenkins.registrypull.http.RegistryEndpoint;
import io.jenkins.registrypull.manifest.MediaType;
import io.jenkins.registrypull.reference.Digest;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

import java.io.IOException;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The registry API calls a pull makes, on an authenticated client. Each call maps a failed
 * answer to a typed exception that names what was being fetched.
 */
public final class RegistryClient {

    /** Manifests are small; a larger answer is refused rather than buffered (containerd uses the same cap). */
    public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    private static final String ACCEPT = String.join(", ", MediaType.ACCEPTED_MANIFESTS);

    private final RedirectPolicy http;
    private final RegistryEndpoint endpoint;
    private final ErrorResponses errors;
    private final Credential credential;
    private volatile RateLimit rateLimit;
    private final UnaryOperator<String> onServer;

    /**
     * @param http an OkHttp client whose interceptors authenticate for this endpoint; its redirects are
     *             followed by {@link RedirectPolicy} (bounded, without credentials), not by OkHttp
     * @param credential the credential the interceptors log in with; only its secret-free description and its kind
     *                   (anonymous or not) are read, for messages
     */
    public RegistryClient(OkHttpClient http, RegistryEndpoint endpoint, ErrorResponses errors, Credential credential) {
        this(http, endpoint, errors, credential, Deadline.none());
    }

    /** @param deadline bounds every call (and the reading of its body): the pull's deadline */
    public RegistryClient(OkHttpClient http, RegistryEndpoint endpoint, ErrorResponses errors, Credential credential,
                          Deadline deadline) {
        this(http, endpoint, errors, credential, deadline, UnaryOperator.identity());
    }

    /**
     * @param onServer maps the image's repository to the one this endpoint serves it under (a mirror's
     *                 registries.conf location may add or replace a path)
     */
    public RegistryClient(OkHttpClient http, RegistryEndpoint endpoint, ErrorResponses errors, Credential credential,
                          Deadline deadline, UnaryOperator<String> onServer) {
        this.onServer = onServer;
        this.http = new RedirectPolicy(http.newBuilder().followRedirects(false).followSslRedirects(false).build(),
                endpoint, deadline);
        this.endpoint = endpoint;
        this.errors = errors;
        this.credential = credential;
    }

    /** host[:port] of the registry, for messages. */
    public String host() {
        return endpoint.host();
    }

    /** The pull rate limit the registry reported with its latest manifest answer (Docker Hub does), or null. */
    public RateLimit rateLimit() {
        return rateLimit;
    }

    /**
     * GETs a manifest by tag or digest and computes its digest over the raw bytes. The digest is
     * checked against {@code expected} (when the reference pins one) and against the registry's
     * {@code Docker-Content-Digest} header (when present): the header alone is never trusted.
     */
    public FetchedManifest fetchManifest(String repository, String reference, Digest expected, String what)
            throws RegistryException {
        repository = onServer.apply(repository); // the path this endpoint serves the image under
        HttpUrl url = endpoint.v2().addPathSegments(repository).addPathSegment("manifests")
                .addPathSegment(reference).build();
        Request request = new Request.Builder().url(url).header("Accept", ACCEPT)
                .tag(RepositoryScope.class, new RepositoryScope(repository)).get().build();
        String action = "fetching the manifest of " + what;
        try (Response response = http.execute(request, "the manifest of " + what).response()) {
            if (!response.isSuccessful()) {
                throw errors.toException(response, action, repository, credential, AuthSession.isInsufficientScope(response));
            }
            byte[] bytes = readBounded(response.body(), what);
            String algorithm = expected != null ? expected.algorithm() : Digest.SHA256;
            Digest actual = Digest.of(algorithm, bytes);
            if (expected != null && !expected.equals(actual)) {
                throw new VerificationException("The manifest the registry returned for " + what + " has digest "
                        + actual + ", not the requested " + expected + ". Nothing was kept; the registry or a proxy"
                        + " between it and this agent is serving altered content. Check the digest you asked for, then"
                        + " the registry and any proxy in between.");
            }
            String header = response.header("Docker-Content-Digest");
            if (header != null && header.toLowerCase(Locale.ROOT).startsWith(algorithm + ":")
                    && !header.trim().equalsIgnoreCase(actual.toString())) {
                throw new VerificationException("The manifest of " + what + " hashes to " + actual
                        + " but the registry announced " + header.trim() + ". Nothing was kept; the content was"
                        + " altered on the way or the registry is inconsistent. Retry the pull; if it keeps happening,"
                        + " push the image again, or look for a proxy altering what the registry sends.");
            }
            RateLimit reported = RateLimit.of(response.headers());
            if (reported != null) {
                rateLimit = reported;
            }
            return new FetchedManifest(bytes, MediaType.bare(response.header("Content-Type")), actual);
        } catch (IOException e) {
            throw ConnectionErrors.describe(e, endpoint.host(), action);
        }
    }

    /**
     * Opens a blob for streaming, from {@code offset} (a Range request) when positive. The caller
     * checks the status (200, or 206 with a matching Content-Range) and closes the response.
     */
    public OpenBlob openBlob(String repository, Digest digest, long offset) throws RegistryException {
        repository = onServer.apply(repository); // the path this endpoint serves the image under
        HttpUrl url = endpoint.v2().addPathSegments(repository).addPathSegment("blobs")
                .addPathSegment(digest.toString()).build();
        Request.Builder request = new Request.Builder().url(url)
                .header("Accept-Encoding", "identity") // the bytes must be exactly the digested ones
                .tag(RepositoryScope.class, new RepositoryScope(repository)).get();
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        String action = "fetching blob " + digest + " of " + repository;
        try {
            RedirectPolicy.Followed followed = http.execute(request.build(), "blob " + digest + " of " + repository);
            Call call = followed.call();
            Response response = followed.response();
            if (!response.isSuccessful()) {
                try (response) {
                    throw errors.toException(response, action, repository, credential,
                            AuthSession.isInsufficientScope(response));
                }
            }
            return new OpenBlob(call, response);
        } catch (IOException e) {
            throw ConnectionErrors.describe(e, endpoint.host(), action);
        }
    }

    /**
     * Lists the referrers of {@code subject} with the OCI referrers API
     * ({@code GET /v2/<name>/referrers/<digest>}, distribution-spec "Listing Referrers"): an OCI
     * image index whose entries carry {@code artifactType}. Returns null when the registry does not
     * offer the API: the spec says a 404 means exactly that (and the client falls back to the
     * referrers tag schema); registries that predate the API may also answer 400, 405 or 501. The
     * body is bounded like a manifest. Only the first page is read: registries page at well over
     * the few signatures an image has.
     */
    public byte[] fetchReferrers(String repository, Digest subject, String what) throws RegistryException {
        repository = onServer.apply(repository); // the path this endpoint serves the image under
        HttpUrl url = endpoint.v2().addPathSegments(repository).addPathSegment("referrers")
                .addPathSegment(subject.toString()).build();
        Request request = new Request.Builder().url(url).header("Accept", MediaType.OCI_INDEX)
                .tag(RepositoryScope.class, new RepositoryScope(repository)).get().build();
        String action = "listing the referrers of " + what;
        try (Response response = http.execute(request, "the referrers of " + what).response()) {
            int status = response.code();
            if (status == 404 || status == 400 || status == 405 || status == 501) {
                return null;
            }
            if (!response.isSuccessful()) {
                throw errors.toException(response, action, repository, credential, AuthSession.isInsufficientScope(response));
            }
            return readBounded(response.body(), "the referrers of " + what);
        } catch (IOException e) {
            throw ConnectionErrors.describe(e, endpoint.host(), action);
        }
    }

    private static byte[] readBounded(ResponseBody body, String what) throws IOException, RegistryException {
        if (body == null) {
            return new byte[0];
        }
        if (body.contentLength() > MAX_MANIFEST_BYTES) {
            throw tooLarge(what);
        }
        BufferedSource source = body.source();
        Buffer buffer = new Buffer();
        while (source.read(buffer, 64 * 1024) != -1) {
            if (buffer.size() > MAX_MANIFEST_BYTES) {
                throw tooLarge(what);
            }
        }
        return buffer.readByteArray();
    }

    private static UnsupportedManifestException tooLarge(String what) {
        return new UnsupportedManifestException("The manifest of " + what + " is larger than "
                + MAX_MANIFEST_BYTES / (1024 * 1024) + " MiB; real image manifests are a few KiB. Refusing it.");
    }
}
