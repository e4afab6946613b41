package io.jenkins.registrypull.serve;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.manifest.ImageManifest;
import io.jenkins.registrypull.manifest.ManifestParser;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.reference.ImageReference;
import io.jenkins.registrypull.testkit.Blob;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.TestImages;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The loopback registry serves exactly one verified image to the sockets of root or this user: {@code /v2/}, the
 * manifest by digest, the manifest's blobs once offered; nothing else, not even another blob of the same store, and
 * nothing after it is closed.
 */
class LoopbackRegistryTest {

    private static final LoopbackPeers ROOT_AND_SELF = LoopbackPeers.rootAndSelf().orElseThrow();

    private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

    @TempDir
    Path tmp;

    private BuiltImage built;
    private ResolvedImage image;
    private Path otherStoreBlob;

    @BeforeEach
    void image() throws Exception {
        built = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
        ImageManifest manifest = (ImageManifest) new ManifestParser(new JsonTrees())
                .parse(built.manifestBytes(), built.manifestMediaType(), "reg.example/team/app:1");
        image = new ResolvedImage(ImageReference.parse("reg.example/team/app:1"),
                null, Digest.parseTrusted(built.manifestDigest()), built.manifestBytes(), manifest, null);
        for (Blob blob : built.blobs()) {
            Files.write(tmp.resolve(blob.hex()), blob.bytes());
        }
        otherStoreBlob = Files.write(tmp.resolve("other"), "another image's layer".getBytes());
    }

    private Path file(Blob blob) {
        return tmp.resolve(blob.hex());
    }

    private Response get(LoopbackRegistry registry, String path) throws IOException {
        return http.newCall(new Request.Builder().url("http://127.0.0.1:" + registry.port() + path).build()).execute();
    }

    private void offerAll(LoopbackRegistry registry) {
        for (Blob blob : built.blobs()) {
            registry.offer(Digest.parseTrusted(blob.digest()), file(blob));
        }
    }

    @Test
    void testServe_versionManifestAndBlobs() throws Exception {
        try (LoopbackRegistry registry = LoopbackRegistry.start(image, ROOT_AND_SELF)) {
            offerAll(registry);
            assertThat(registry.pullReference()).isEqualTo("127.0.0.1:" + registry.port() + "/"
                    + registry.repository() + "@" + built.manifestDigest());
            assertThat(registry.repository()).matches("registry-pull/[0-9a-f]{32}");
            try (Response v2 = get(registry, "/v2/")) {
                assertThat(v2.code()).isEqualTo(200);
                assertThat(v2.header("Docker-Distribution-Api-Version")).isEqualTo("registry/2.0");
            }
            try (Response manifest = get(registry, "/v2/" + registry.repository() + "/manifests/" + built.manifestDigest())) {
                assertThat(manifest.code()).isEqualTo(200);
                assertThat(manifest.header("Content-Type")).isEqualTo(built.manifestMediaType());
                assertThat(manifest.header("Docker-Content-Digest")).isEqualTo(built.manifestDigest());
                assertThat(manifest.body().bytes()).isEqualTo(built.manifestBytes());
            }
            for (Blob blob : built.blobs()) {
                try (Response served = get(registry, "/v2/" + registry.repository() + "/blobs/" + blob.digest())) {
                    assertThat(served.code()).isEqualTo(200);
                    assertThat(served.body().bytes()).isEqualTo(blob.bytes());
                }
            }
            assertThat(registry.manifestsServed()).isEqualTo(1);
        }
    }

    @Test
    void testServe_range_resumesFromTheOffset() throws Exception {
        Blob layer = built.layers().get(0).blob();
        try (LoopbackRegistry registry = LoopbackRegistry.start(image, ROOT_AND_SELF)) {
            offerAll(registry);
            try (Response part = http.newCall(new Request.Builder().url("http://127.0.0.1:" + registry.port()
                    + "/v2/" + registry.repository() + "/blobs/" + layer.digest()).header("Range", "bytes=10-").build())
                    .execute()) {
                assertThat(part.code()).isEqualTo(206);
                assertThat(part.header("Content-Range")).isEqualTo("bytes 10-" + (layer.size() - 1) + "/" + layer.size());
                byte[] expected = java.util.Arrays.copyOfRange(layer.bytes(), 10, (int) layer.size());
                assertThat(part.body().bytes()).isEqualTo(expected);
            }
        }
    }

    @Test
    void testServe_blobRequestedBeforeVerified_waitsForTheOffer() throws Exception {
        Blob config = built.config();
        try (LoopbackRegistry registry = LoopbackRegistry.start(image, ROOT_AND_SELF)) {
            CompletableFuture<byte[]> early = CompletableFuture.supplyAsync(() -> {
                try (Response r = get(registry, "/v2/" + registry.repository() + "/blobs/" + config.digest())) {
                    return r.body().bytes();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(early).isNotDone(); // the blob is not verified yet: no byte of it may be sent
            registry.offer(Digest.parseTrusted(config.digest()), file(config));
            assertThat(early.get(30, TimeUnit.SECONDS)).isEqualTo(config.bytes());
        }
    }

    @Test
    void testRefuse_otherRepositoriesDigestsTagsAndMethods() throws Exception {
        Digest other = Digest.parseTrusted("sha256:" + "ab".repeat(32));
        try (LoopbackRegistry registry = LoopbackRegistry.start(image, ROOT_AND_SELF)) {
            offerAll(registry);
            registry.offer(other, otherStoreBlob); // not in this image's manifest: never served
            String repository = "/v2/" + registry.repository();
            for (String path : new String[] {"/v2/team/app/manifests/" + built.manifestDigest(),
                    "/v2/registry-pull/" + "0".repeat(32) + "/blobs/" + built.config().digest(),
                    repository + "/blobs/" + other, repository + "/manifests/latest", repository + "/manifests/1",
                    repository + "/tags/list", "/v2/_catalog", "/", repository + "/blobs/" + built.config().digest()
                    + "/../" + other}) {
                try (Response refused = get(registry, path)) {
                    assertThat(refused.code()).as(path).isEqualTo(404);
                    assertThat(refused.body().string()).as(path).doesNotContain("another image's layer");
                }
            }
            try (Response post = http.newCall(new Request.Builder().url("http://127.0.0.1:" + registry.port()
                    + repository + "/blobs/uploads/").post(okhttp3.RequestBody.create(new byte[0])).build()).execute()) {
                assertThat(post.code()).isEqualTo(405);
            }
            assertThat(registry.manifestsServed()).isZero();
        }
    }

    @Test
    void testRefuse_socketOfAnotherUser_closedUnanswered() throws Exception {
        try (LoopbackRegistry registry = LoopbackRegistry.start(image, new LoopbackPeers(Set.of(-42)))) {
            offerAll(registry);
            assertThatThrownBy(() -> get(registry, "/v2/").close()).isInstanceOf(IOException.class);
            assertThat(registry.refusedConnections()).isEqualTo(1);
        }
    }

    @Test
    void testPeers_ownSocketIsThisUsers() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             Socket client = new Socket("127.0.0.1", server.getLocalPort())) {
            int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            assertThat(ROOT_AND_SELF.ownerOf(client.getLocalPort(), server.getLocalPort())).hasValue(self);
            assertThat(new LoopbackPeers(Set.of(self + 1)).allows(client.getLocalPort(), server.getLocalPort()))
                    .isFalse();
        }
    }

    @Test
    void testTlsClientHello_closedWithoutAnswer() throws Exception {
        try (LoopbackRegistry registry = LoopbackRegistry.start(image, ROOT_AND_SELF);
             Socket socket = new Socket("127.0.0.1", registry.port())) {
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5});
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            int first;
            try {
                first = in.read();
            } catch (java.net.SocketException reset) {
                first = -1; // closed with the hello unread: a reset, which is also no answer
            }
            assertThat(first).isEqualTo(-1);
        }
    }

    @Test
    void testClose_portClosedAndWaitingRequestEnds() throws Exception {
        LoopbackRegistry registry = LoopbackRegistry.start(image, ROOT_AND_SELF);
        int port = registry.port();
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
            try (Response r = get(registry, "/v2/" + registry.repository() + "/blobs/" + built.config().digest())) {
                return r.body().bytes().length;
            } catch (IOException e) {
                return -1;
            }
        });
        registry.close();

        assertThat(waiting.get(30, TimeUnit.SECONDS)).isNotEqualTo((int) built.config().size());
        assertThat(registry.isClosed()).isTrue();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
        }).isInstanceOf(ConnectException.class);
    }
}
