package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/**
 * Puts test images into a {@link RegistryServer} through the registry HTTP API, the way
 * {@code docker push} does: each blob with {@code POST /v2/NAME/blobs/uploads/} then
 * {@code PUT <location>&digest=...} (a monolithic upload whose body streams from the blob's
 * source, so a 200 MiB layer is never in memory), then the manifest with
 * {@code PUT /v2/NAME/manifests/REF} and its media type as Content-Type.
 *
 * <p>A blob the repository already has ({@code HEAD} answers 200) is not uploaded again. The
 * pusher speaks HTTP/1.1: uploads are bounded by the registry's disk writes either way (3 x 200
 * MiB took 6.4 s over HTTP/1.1 and 7.0 s over HTTP/2 here), and HTTP/1.1 keeps large request
 * bodies out of HTTP/2 flow control.
 */
public final class RegistryPusher implements AutoCloseable {

    private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

    private final RegistryServer registry;
    private final PushAuth auth;
    private final OkHttpClient client;

    public RegistryPusher(RegistryServer registry, PushAuth auth) {
        this.registry = registry;
        this.auth = auth;
        this.client = registry.clientBuilder()
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(2, TimeUnit.MINUTES)
                .writeTimeout(2, TimeUnit.MINUTES)
                .protocols(List.of(Protocol.HTTP_1_1))
                .build();
    }

    /**
     * A pusher with the registry's own admin means: nothing for an open registry, a minted push
     * token for token auth, the first htpasswd user for Basic.
     */
    public static RegistryPusher forRegistry(RegistryServer registry) {
        return new RegistryPusher(registry, switch (registry.auth()) {
            case NONE -> PushAuth.none();
            case TOKEN -> PushAuth.token(registry.tokenServer());
            case HTPASSWD -> PushAuth.basic(registry.users().get(0));
        });
    }

    /** Pushes config, layers and manifest under {@code tag}; returns the manifest digest the registry reports. */
    public String pushImage(String repository, String tag, BuiltImage image) {
        for (Blob blob : image.blobs()) {
            pushBlob(repository, blob);
        }
        return pushManifest(repository, tag, image.manifestMediaType(), image.manifestBytes());
    }

    /** Pushes every platform image by digest, then the index (or manifest list) under {@code tag}. */
    public String pushIndex(String repository, String tag, BuiltIndex index) {
        for (BuiltImage image : index.images()) {
            pushImage(repository, image.manifestDigest(), image);
        }
        return pushManifest(repository, tag, index.mediaType(), index.bytes());
    }

    /** Uploads one blob unless the repository has it already. */
    public void pushBlob(String repository, Blob blob) {
        if (blobExists(repository, blob.digest())) {
            return;
        }
        Request start = request(repository, "/v2/" + repository + "/blobs/uploads/")
                .post(RequestBody.create(new byte[0], null)).build();
        String location;
        try (Response response = client.newCall(start).execute()) {
            require(response, 202, "start upload of " + blob.digest());
            location = response.header("Location");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an upload to " + repository, e);
        }
        HttpUrl target = HttpUrl.get(registry.baseUrl() + "/").resolve(location);
        if (target == null) {
            throw new IllegalStateException("registry gave an unusable upload location");
        }
        HttpUrl withDigest = target.newBuilder().addQueryParameter("digest", blob.digest()).build();
        Request put = authorized(new Request.Builder().url(withDigest), repository)
                .put(streaming(blob)).build();
        try (Response response = client.newCall(put).execute()) {
            require(response, 201, "upload " + blob.digest() + " to " + repository);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot upload " + blob.digest() + " to " + repository, e);
        }
    }

    /**
     * Puts raw manifest bytes under {@code reference} (tag or digest) with {@code mediaType} as
     * Content-Type: also for odd manifests a test wants the registry to hold. Returns the
     * registry's {@code Docker-Content-Digest}.
     */
    public String pushManifest(String repository, String reference, String mediaType, byte[] bytes) {
        Request put = request(repository, "/v2/" + repository + "/manifests/" + encode(reference))
                .put(RequestBody.create(bytes, MediaType.get(mediaType))).build();
        try (Response response = client.newCall(put).execute()) {
            require(response, 201, "put manifest " + repository + ":" + reference);
            return response.header("Docker-Content-Digest");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put manifest " + repository + ":" + reference, e);
        }
    }

    /** Deletes a manifest by digest (the registry has delete enabled). */
    public void deleteManifest(String repository, String digest) {
        Request delete = request(repository, "/v2/" + repository + "/manifests/" + digest).delete().build();
        try (Response response = client.newCall(delete).execute()) {
            require(response, 202, "delete manifest " + repository + "@" + digest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + repository + "@" + digest, e);
        }
    }

    public boolean blobExists(String repository, String digest) {
        Request head = request(repository, "/v2/" + repository + "/blobs/" + digest).head().build();
        try (Response response = client.newCall(head).execute()) {
            if (response.code() == 200 || response.code() == 404) {
                return response.code() == 200;
            }
            throw new IllegalStateException("HEAD blob " + digest + " in " + repository + " answered "
                    + response.code());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check blob " + digest, e);
        }
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private Request.Builder request(String repository, String path) {
        return authorized(new Request.Builder().url(registry.baseUrl() + path), repository);
    }

    private Request.Builder authorized(Request.Builder builder, String repository) {
        String header = auth.authorization(repository);
        return header == null ? builder : builder.header("Authorization", header);
    }

    private static RequestBody streaming(Blob blob) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return OCTET_STREAM;
            }

            @Override
            public long contentLength() {
                return blob.size();
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                try (InputStream in = blob.content().open(); Source source = Okio.source(in)) {
                    sink.writeAll(source);
                }
            }
        };
    }

    private static void require(Response response, int expected, String what) throws IOException {
        if (response.code() != expected) {
            String body = response.body() == null ? "" : response.body().string();
            throw new IllegalStateException(what + ": expected " + expected + " but got " + response.code()
                    + " " + body.substring(0, Math.min(body.length(), 2000)));
        }
    }

    private static String encode(String reference) {
        return URLEncoder.encode(reference, StandardCharsets.UTF_8);
    }
}
