package io.jenkins.registrypull.testing;

import io.jenkins.registrypull.reference.Digest;
import okhttp3.Headers;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import okio.Buffer;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scriptable in-process registry for unit tests of the HTTP and auth layers (the real
 * registry is used by the integration tests). It serves {@code /v2/}, manifests and blobs, a
 * token endpoint at {@code /token}, and records every request. Tests replace any answer with
 * {@link #override}.
 */
public final class MockRegistry implements AutoCloseable {

    public enum Auth { NONE, BASIC, BEARER }

    public final MockWebServer server = new MockWebServer();
    public final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    public final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    public final Map<String, String> manifestTypes = new ConcurrentHashMap<>();
    public final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    public final AtomicInteger tokensIssued = new AtomicInteger();

    public volatile Auth auth = Auth.NONE;
    public volatile String username = "bob";
    public volatile String password = "hunter2-secret";
    public volatile String refreshToken = "refresh-secret-rt";
    public volatile boolean oauthPost = true;
    public volatile String tokenField = "token";
    public volatile Long expiresIn = 300L;
    public volatile String realmOverride;
    /** Repositories the authenticated user may pull; others get a token without access. */
    public volatile List<String> pullable = List.of("team/app");
    private final Map<String, String> validTokens = new ConcurrentHashMap<>();
    private volatile Function<RecordedRequest, MockResponse> override;
    private final String caPem;

    private MockRegistry(boolean tls) throws IOException {
        if (tls) {
            HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
            HeldCertificate cert = new HeldCertificate.Builder().signedBy(ca).addSubjectAlternativeName("127.0.0.1")
                    .addSubjectAlternativeName("localhost").build();
            HandshakeCertificates serverCerts = new HandshakeCertificates.Builder().heldCertificate(cert).build();
            server.useHttps(serverCerts.sslSocketFactory(), false);
            caPem = ca.certificatePem();
        } else {
            caPem = null;
        }
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                Function<RecordedRequest, MockResponse> o = override;
                if (o != null) {
                    MockResponse r = o.apply(request);
                    if (r != null) {
                        return r;
                    }
                }
                return handle(request);
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    public static MockRegistry https() throws IOException {
        return new MockRegistry(true);
    }

    public static MockRegistry http() throws IOException {
        return new MockRegistry(false);
    }

    public String caPem() {
        return caPem;
    }

    public String hostPort() {
        return "127.0.0.1:" + server.getPort();
    }

    public String realm() {
        return realmOverride != null ? realmOverride : server.url("/token").toString();
    }

    /** Answers requests for which {@code f} returns non-null with its response. */
    public void override(Function<RecordedRequest, MockResponse> f) {
        this.override = f;
    }

    public Digest putBlob(byte[] content) {
        Digest d = Digest.sha256(content);
        blobs.put(d.toString(), content);
        return d;
    }

    public Digest putManifest(String repository, String tag, String mediaType, byte[] content) {
        Digest d = Digest.sha256(content);
        manifests.put(repository + "@" + d, content);
        manifestTypes.put(repository + "@" + d, mediaType);
        if (tag != null) {
            manifests.put(repository + ":" + tag, content);
            manifestTypes.put(repository + ":" + tag, mediaType);
        }
        return d;
    }

    public long count(String pathPrefix) {
        return requests.stream().filter(r -> r.getPath().startsWith(pathPrefix)).count();
    }

    /** Invalidates every token issued so far, as a registry restart or expiry would. */
    public void revokeTokens() {
        validTokens.clear();
    }

    private MockResponse handle(RecordedRequest request) {
        String path = request.getRequestUrl().encodedPath();
        if (path.equals("/token")) {
            return token(request);
        }
        if (!path.startsWith("/v2/")) {
            return new MockResponse().setResponseCode(404);
        }
        String repository = repositoryOf(path);
        MockResponse denied = checkAuth(request, repository);
        if (denied != null) {
            return denied;
        }
        if (path.equals("/v2/")) {
            return json(200, "{}");
        }
        int m = path.indexOf("/manifests/");
        if (m > 0) {
            String ref = path.substring(m + "/manifests/".length());
            String key = repository + (ref.startsWith("sha256:") ? "@" : ":") + ref;
            byte[] body = manifests.get(key);
            if (body == null) {
                return error(404, "MANIFEST_UNKNOWN", "manifest unknown");
            }
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", manifestTypes.get(key))
                    .setHeader("Docker-Content-Digest", Digest.sha256(body).toString()).setBody(new Buffer().write(body));
        }
        int b = path.indexOf("/blobs/");
        if (b > 0) {
            byte[] body = blobs.get(path.substring(b + "/blobs/".length()));
            if (body == null) {
                return error(404, "BLOB_UNKNOWN", "blob unknown");
            }
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/octet-stream")
                    .setBody(new Buffer().write(body));
        }
        return new MockResponse().setResponseCode(404);
    }

    private static String repositoryOf(String path) {
        for (String marker : new String[] {"/manifests/", "/blobs/"}) {
            int i = path.indexOf(marker);
            if (i > 0) {
                return path.substring("/v2/".length(), i);
            }
        }
        return null;
    }

    private MockResponse checkAuth(RecordedRequest request, String repository) {
        String header = request.getHeader("Authorization");
        switch (auth) {
            case BASIC -> {
                String expected = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                        .getBytes(StandardCharsets.UTF_8));
                if (!expected.equals(header)) {
                    return error(401, "UNAUTHORIZED", "authentication required")
                            .setHeader("WWW-Authenticate", "Basic realm=\"mock\"");
                }
                return null;
            }
            case BEARER -> {
                String challenge = "Bearer realm=\"" + realm() + "\",service=\"mock-registry\""
                        + (repository != null ? ",scope=\"repository:" + repository + ":pull\"" : "");
                if (header == null || !header.startsWith("Bearer ")) {
                    return error(401, "UNAUTHORIZED", "authentication required").setHeader("WWW-Authenticate", challenge);
                }
                String access = validTokens.get(header.substring("Bearer ".length()));
                if (access == null) {
                    return error(401, "UNAUTHORIZED", "authentication required")
                            .setHeader("WWW-Authenticate", challenge + ",error=\"invalid_token\"");
                }
                if (repository != null && !access.contains("repository:" + repository + ":pull")) {
                    return error(401, "UNAUTHORIZED", "authentication required")
                            .setHeader("WWW-Authenticate", challenge + ",error=\"insufficient_scope\"");
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    private MockResponse token(RecordedRequest request) {
        String user = null;
        boolean ok;
        String scopes;
        if (request.getMethod().equals("POST")) {
            if (!oauthPost) {
                return new MockResponse().setResponseCode(404);
            }
            Map<String, String> form = Forms.parse(request.getBody().clone().readUtf8());
            scopes = form.getOrDefault("scope", "");
            if ("password".equals(form.get("grant_type"))) {
                ok = username.equals(form.get("username")) && password.equals(form.get("password"));
                user = form.get("username");
            } else if ("refresh_token".equals(form.get("grant_type"))) {
                ok = refreshToken.equals(form.get("refresh_token"));
                user = "refresh-user";
            } else {
                ok = false;
            }
        } else {
            scopes = String.join(" ", request.getRequestUrl().queryParameterValues("scope"));
            String header = request.getHeader("Authorization");
            if (header == null) {
                ok = true; // anonymous token: no access to private repositories
            } else {
                String expected = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                        .getBytes(StandardCharsets.UTF_8));
                ok = expected.equals(header);
                user = username;
            }
        }
        if (!ok) {
            return json(401, "{\"details\":\"incorrect username or password\"}");
        }
        StringBuilder granted = new StringBuilder();
        for (String scope : scopes.split(" ")) {
            for (String repo : pullable) {
                if (user != null && scope.equals("repository:" + repo + ":pull")) {
                    granted.append(scope).append(' ');
                }
            }
        }
        String token = "tok-" + tokensIssued.incrementAndGet() + "-secret";
        validTokens.put(token, granted.toString());
        StringBuilder body = new StringBuilder("{\"").append(tokenField).append("\":\"").append(token).append('"');
        if (expiresIn != null) {
            body.append(",\"expires_in\":").append(expiresIn);
        }
        return json(200, body.append('}').toString());
    }

    public static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    public static MockResponse error(int status, String code, String message) {
        return json(status, "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}");
    }

    public static Headers headers(String... namesAndValues) {
        return Headers.of(namesAndValues);
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
