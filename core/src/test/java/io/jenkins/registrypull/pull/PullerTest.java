package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.UnsupportedManifestException;
import io.jenkins.registrypull.error.VerificationException;
import io.jenkins.registrypull.manifest.MediaType;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.store.Durability;
import io.jenkins.registrypull.testing.MockRegistry;
import io.jenkins.registrypull.testing.TinyImage;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pull flow against a scripted registry: verification, platforms, reuse, redirects. */
class PullerTest {

    @TempDir
    Path tmp;

    private MockRegistry registry;
    private PullEngine engine;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void setUp() throws Exception {
        registry = MockRegistry.http();
        engine = new PullEngine(java.time.Clock.systemUTC(), sleeps::add); // retries wait for nobody
    }

    private final List<java.time.Duration> sleeps = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        registry.close();
    }

    private PullOptions.Builder options(String ref, String out) throws Exception {
        return PullOptions.builder().image(registry.hostPort() + "/" + ref).insecure(true)
                .storeDir(tmp.resolve("store")).sink(new OciLayoutSink(tmp.resolve(out), null, new JsonTrees()));
    }

    @Test
    void testPull_writesOciLayout() throws Exception {
        TinyImage image = new TinyImage(7, 3, 5000, MediaType.OCI_MANIFEST);
        Digest digest = image.pushTo(registry, "team/app", "1.2");
        PullResult result = engine.pull(options("team/app:1.2", "out").build(), PullListener.NONE);

        assertThat(result.manifestDigest()).isEqualTo(digest);
        assertThat(result.indexDigest()).isNull();
        assertThat(result.pinnableDigest()).isEqualTo(digest);
        assertThat(result.configDigest()).isEqualTo(Digest.sha256(image.config));
        assertThat(result.layerCount()).isEqualTo(3);
        assertThat(result.bytesDownloaded()).isEqualTo(15000 + image.config.length);
        assertThat(result.platform().toString()).isEqualTo("linux/amd64");
        assertThat(result.location()).isEqualTo(tmp.resolve("out").toString());

        Path out = tmp.resolve("out");
        assertThat(json.readTree(out.resolve("oci-layout").toFile()).get("imageLayoutVersion").asText()).isEqualTo("1.0.0");
        JsonNode entry = json.readTree(out.resolve("index.json").toFile()).get("manifests").get(0);
        assertThat(entry.get("digest").asText()).isEqualTo(digest.toString());
        assertThat(entry.get("annotations").get(OciLayoutSink.REF_NAME).asText()).isEqualTo("1.2");
        assertThat(entry.get("annotations").get(OciLayoutSink.CONTAINERD_NAME).asText())
                .isEqualTo(registry.hostPort() + "/team/app:1.2");
        for (byte[] blob : Stream.concat(Stream.of(image.config, image.manifest), image.layers.stream()).toList()) {
            assertThat(out.resolve("blobs/sha256/" + Digest.sha256(blob).hex())).hasBinaryContent(blob);
        }
    }

    @Test
    void testPull_benchmarkTuning_smallBufferNoSync_sameBlobs() throws Exception {
        TinyImage image = new TinyImage(7, 2, 50_000, MediaType.OCI_MANIFEST);
        image.pushTo(registry, "team/app", "1");
        PullTuning tuning = new PullTuning(PullTuning.MIN_READ_BUFFER, Durability.NO_SYNC_UNSAFE, 0);
        try (PullEngine tuned = new PullEngine(java.time.Clock.systemUTC(), sleeps::add, tuning)) {
            PullResult result = tuned.pull(options("team/app:1", "tuned").build(), PullListener.NONE);
            assertThat(result.bytesDownloaded()).isEqualTo(100_000 + image.config.length);
        }
        for (byte[] layer : image.layers) {
            assertThat(tmp.resolve("tuned/blobs/sha256/" + Digest.sha256(layer).hex())).hasBinaryContent(layer);
        }
    }

    @Test
    void testPull_warmRepull_downloadsNoBlob() throws Exception {
        TinyImage image = new TinyImage(7, 3, 5000, MediaType.DOCKER_MANIFEST);
        image.pushTo(registry, "team/app", "1.2");
        engine.pull(options("team/app:1.2", "a").build(), PullListener.NONE);
        registry.requests.clear();
        PullResult again = engine.pull(options("team/app:1.2", "b").build(), PullListener.NONE);
        assertThat(again.bytesDownloaded()).isZero();
        assertThat(again.bytesReused()).isEqualTo(again.totalBytes());
        assertThat(registry.requests).extracting(RecordedRequest::getPath)
                .containsExactly("/v2/team/app/manifests/1.2"); // the probe result is kept by the engine
    }

    @Test
    void testPull_existingLayoutIsExtended() throws Exception {
        new TinyImage(1, 1, 100, MediaType.OCI_MANIFEST).pushTo(registry, "team/app", "1");
        new TinyImage(2, 1, 100, MediaType.OCI_MANIFEST).pushTo(registry, "team/app", "2");
        engine.pull(options("team/app:1", "out").build(), PullListener.NONE);
        engine.pull(options("team/app:2", "out").build(), PullListener.NONE);
        TinyImage v1b = new TinyImage(3, 1, 100, MediaType.OCI_MANIFEST);
        Digest replaced = v1b.pushTo(registry, "team/app", "1");
        engine.pull(options("team/app:1", "out").build(), PullListener.NONE);
        JsonNode manifests = json.readTree(tmp.resolve("out/index.json").toFile()).get("manifests");
        assertThat(manifests).hasSize(2);
        assertThat(manifests.findValuesAsText(OciLayoutSink.REF_NAME)).containsExactlyInAnyOrder("1", "2");
        assertThat(manifests.findValuesAsText("digest")).contains(replaced.toString());
    }

    @Test
    void testPull_indexChoosesPlatform() throws Exception {
        TinyImage amd = new TinyImage(1, 2, 100, MediaType.OCI_MANIFEST);
        TinyImage arm = new TinyImage(2, 2, 100, MediaType.OCI_MANIFEST, "arm64", "v8");
        amd.pushTo(registry, "team/app", null);
        Digest armDigest = arm.pushTo(registry, "team/app", null);
        Digest indexDigest = registry.putManifest("team/app", "multi", MediaType.OCI_INDEX,
                TinyImage.index(MediaType.OCI_INDEX, List.of(amd, arm), List.of("linux/amd64", "linux/arm64/v8")));

        PullResult result = engine.pull(options("team/app:multi", "out").platform("linux/arm64").build(),
                PullListener.NONE);
        assertThat(result.indexDigest()).isEqualTo(indexDigest);
        assertThat(result.manifestDigest()).isEqualTo(armDigest);
        assertThat(result.pinnableDigest()).isEqualTo(indexDigest);
        assertThat(result.platform().toString()).isEqualTo("linux/arm64/v8");
        assertThat(registry.requests).noneMatch(r -> r.getPath().contains(Digest.sha256(amd.layers.get(0)).hex()));

        // warm: the platform manifest comes from the store, only the index is requested
        registry.requests.clear();
        engine.pull(options("team/app:multi", "out2").platform("linux/arm64/v8").build(), PullListener.NONE);
        assertThat(registry.requests).extracting(RecordedRequest::getPath)
                .containsExactly("/v2/team/app/manifests/multi");
    }

    @Test
    void testPull_pinnedDigestMismatch() throws Exception {
        TinyImage image = new TinyImage(7, 1, 100, MediaType.OCI_MANIFEST);
        image.pushTo(registry, "team/app", "1");
        String other = "sha256:" + "d".repeat(64);
        // the registry serves the tag's manifest whatever digest is asked: a lying registry
        registry.override(r -> r.getPath().endsWith("/manifests/" + other)
                ? new MockResponse().setHeader("Content-Type", MediaType.OCI_MANIFEST).setBody(new Buffer().write(image.manifest))
                : null);
        assertThatThrownBy(() -> engine.pull(options("team/app@" + other, "out").build(), PullListener.NONE))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("not the requested " + other);
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void testPull_dockerContentDigestHeaderMismatch() throws Exception {
        TinyImage image = new TinyImage(7, 1, 100, MediaType.OCI_MANIFEST);
        image.pushTo(registry, "team/app", "1");
        registry.override(r -> r.getPath().endsWith("/manifests/1")
                ? new MockResponse().setHeader("Content-Type", MediaType.OCI_MANIFEST)
                        .setHeader("Docker-Content-Digest", "sha256:" + "e".repeat(64)).setBody(new Buffer().write(image.manifest))
                : null);
        assertThatThrownBy(() -> engine.pull(options("team/app:1", "out").build(), PullListener.NONE))
                .isInstanceOf(VerificationException.class).hasMessageContaining("announced");
    }

    @Test
    void testPull_expectedDigestOption() throws Exception {
        TinyImage image = new TinyImage(7, 1, 100, MediaType.OCI_MANIFEST);
        Digest digest = image.pushTo(registry, "team/app", "1");
        assertThat(engine.pull(options("team/app:1", "ok").expectedDigest(digest.toString()).build(), PullListener.NONE)
                .manifestDigest()).isEqualTo(digest);
        assertThatThrownBy(() -> engine.pull(options("team/app:1", "bad").expectedDigest("sha256:" + "f".repeat(64))
                .build(), PullListener.NONE))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("not the expected digest");
        assertThat(tmp.resolve("bad")).doesNotExist();
    }

    @Test
    void testPull_corruptBlob_failsAndKeepsNothingPartial() throws Exception {
        TinyImage image = new TinyImage(7, 2, 5000, MediaType.OCI_MANIFEST);
        image.pushTo(registry, "team/app", "1");
        byte[] flipped = image.layers.get(1).clone();
        flipped[1234] ^= 0x01;
        String bad = Digest.sha256(image.layers.get(1)).toString();
        registry.override(r -> r.getPath().endsWith("/blobs/" + bad)
                ? new MockResponse().setBody(new Buffer().write(flipped)) : null);
        assertThatThrownBy(() -> engine.pull(options("team/app:1", "out").build(), PullListener.NONE))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("arrived with digest");
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThat(tmp.resolve("store/blobs/sha256/" + Digest.sha256(image.layers.get(1)).hex())).doesNotExist();
        try (Stream<Path> temps = Files.list(tmp.resolve("store/tmp"))) {
            assertThat(temps).isEmpty();
        }
    }

    @Test
    void testPull_truncatedAndOversizedBlobs() throws Exception {
        TinyImage image = new TinyImage(7, 1, 5000, MediaType.OCI_MANIFEST);
        image.pushTo(registry, "team/app", "1");
        String layer = Digest.sha256(image.layers.get(0)).toString();
        byte[] longer = new byte[6000];
        registry.override(r -> r.getPath().endsWith("/blobs/" + layer)
                ? new MockResponse().setBody(new Buffer().write(longer)) : null);
        assertThatThrownBy(() -> engine.pull(options("team/app:1", "o1").build(), PullListener.NONE))
                .isInstanceOf(VerificationException.class).hasMessageContaining("larger than the 5000 bytes");
        registry.override(r -> r.getPath().endsWith("/blobs/" + layer)
                ? new MockResponse().setBody(new Buffer().write(image.layers.get(0), 0, 4000)) : null);
        // a short answer is resumed (Range) like a cut one; this registry never sends the rest
        assertThatThrownBy(() -> engine.pull(options("team/app:1", "o2").build(), PullListener.NONE))
                .isInstanceOf(io.jenkins.registrypull.error.RegistryConnectionException.class)
                .hasMessageContaining("Gave up after 5 attempts")
                .hasMessageContaining("ended after 4000 of its 5000 bytes");
        assertThat(sleeps).hasSize(4);
    }

    @Test
    void testPull_oversizeManifestRefused() throws Exception {
        byte[] huge = new byte[5 * 1024 * 1024];
        registry.override(r -> r.getPath().contains("/manifests/")
                ? new MockResponse().setHeader("Content-Type", MediaType.OCI_MANIFEST).setBody(new Buffer().write(huge)) : null);
        assertThatThrownBy(() -> engine.pull(options("team/app:1", "o").build(), PullListener.NONE))
                .isInstanceOf(UnsupportedManifestException.class).hasMessageContaining("larger than 4 MiB");
    }

    @Test
    void testPull_crossHostRedirect_dropsAuthorization() throws Exception {
        registry.auth = MockRegistry.Auth.BASIC;
        TinyImage image = new TinyImage(7, 1, 5000, MediaType.OCI_MANIFEST);
        image.pushTo(registry, "team/app", "1");
        String layer = Digest.sha256(image.layers.get(0)).toString();
        try (MockWebServer storage = new MockWebServer()) {
            storage.enqueue(new MockResponse().setBody(new Buffer().write(image.layers.get(0))));
            storage.start(InetAddress.getByName("127.0.0.1"), 0);
            registry.override(r -> r.getPath().endsWith("/blobs/" + layer) && r.getHeader("Authorization") != null
                    ? new MockResponse().setResponseCode(307).setHeader("Location",
                            storage.url("/bucket/blob?X-Signature=abc").toString()) : null);
            Credential bob = Credential.usernamePassword("bob", SecretValue.ofString(registry.password));
            engine.pull(options("team/app:1", "o").credential(bob).build(), PullListener.NONE);
            RecordedRequest atStorage = storage.takeRequest();
            assertThat(atStorage.getPath()).startsWith("/bucket/blob");
            assertThat(atStorage.getHeader("Authorization")).isNull();
        }
    }

    @Test
    void testPull_schema1Refused() throws IOException {
        registry.putManifest("team/app", "old", MediaType.DOCKER_SCHEMA1_SIGNED,
                "{\"schemaVersion\":1,\"name\":\"team/app\",\"tag\":\"old\",\"fsLayers\":[]}".getBytes());
        assertThatThrownBy(() -> engine.pull(options("team/app:old", "o").build(), PullListener.NONE))
                .isInstanceOf(UnsupportedManifestException.class).hasMessageContaining("schema 1");
    }
}
