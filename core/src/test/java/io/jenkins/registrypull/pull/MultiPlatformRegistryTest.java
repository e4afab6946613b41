package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.NoMatchingPlatformException;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.BuiltIndex;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Platform choice against the real registry (token auth over TLS): an OCI index and a Docker
 * manifest list, each with linux/amd64, linux/arm64/v8 and linux/arm/v7 images.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiPlatformRegistryTest {

    private final ObjectMapper json = new ObjectMapper();
    private final TestUser alice = TestUser.random("alice");
    private TokenServer tokens;
    private RegistryServer registry;
    private PullEngine engine;
    private final BuiltIndex oci = TestImages.multiPlatform(ManifestFormat.OCI);
    private final BuiltIndex list = TestImages.multiPlatform(ManifestFormat.DOCKER);

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        tokens = TokenServer.start();
        registry = RegistryServer.tokenTls(tokens);
        tokens.addPuller(alice, "team/app");
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushIndex("team/app", "oci", oci);
            pusher.pushIndex("team/app", "list", list);
        }
        engine = new PullEngine();
    }

    @AfterAll
    void stop() {
        engine.close();
        registry.close();
        tokens.close();
    }

    private BuiltIndex index(ManifestFormat format) {
        return format == ManifestFormat.OCI ? oci : list;
    }

    private String tag(ManifestFormat format) {
        return format == ManifestFormat.OCI ? "oci" : "list";
    }

    private PullResult pull(String reference, String platform, Path store, Path out) throws Exception {
        try (Credential credential = Credential.usernamePassword(alice.username(),
                SecretValue.copyOf(alice.password().toCharArray()))) {
            return engine.pull(PullOptions.builder().image(registry.hostPort() + "/" + reference)
                    .credential(credential).caCertificatePem(registry.ca().caCertificatePem()).platform(platform)
                    .storeDir(store).sink(new OciLayoutSink(out, null, new JsonTrees())).build(), PullListener.NONE);
        }
    }

    @ParameterizedTest
    @EnumSource(ManifestFormat.class)
    void testPull_amd64_reportsIndexAndManifestDigests(ManifestFormat format) throws Exception {
        BuiltIndex index = index(format);
        BuiltImage amd64 = index.image(Platform.LINUX_AMD64);

        PullResult result = pull("team/app:" + tag(format), "linux/amd64", tmp.resolve("store"), tmp.resolve("out"));

        assertThat(result.indexDigest().toString()).isEqualTo(index.digest());
        assertThat(result.manifestDigest().toString()).isEqualTo(amd64.manifestDigest());
        assertThat(result.pinnableDigest().toString()).isEqualTo(index.digest());
        assertThat(result.configDigest().toString()).isEqualTo(amd64.config().digest());
        assertThat(result.manifestMediaType()).isEqualTo(amd64.manifestMediaType());
        assertThat(result.platform().toString()).isEqualTo("linux/amd64");
        assertThat(result.bytesDownloaded()).isEqualTo(amd64.blobBytes());
        JsonNode entry = json.readTree(tmp.resolve("out/index.json").toFile()).at("/manifests/0");
        assertThat(entry.get("digest").asText()).isEqualTo(amd64.manifestDigest());
        assertThat(entry.at("/platform/architecture").asText()).isEqualTo("amd64");
        assertThat(tmp.resolve("out/blobs/sha256/" + amd64.layers().get(0).blob().hex())).exists();
    }

    @ParameterizedTest
    @EnumSource(ManifestFormat.class)
    void testPull_arm64v8_andItsAliases(ManifestFormat format) throws Exception {
        BuiltIndex index = index(format);
        BuiltImage arm64 = index.image(Platform.LINUX_ARM64_V8);
        for (String platform : List.of("linux/arm64/v8", "linux/arm64", "linux/aarch64", "LINUX/ARM64/8")) {
            PullResult result = pull("team/app:" + tag(format), platform, tmp.resolve("store"),
                    tmp.resolve("out-" + platform.replace('/', '-')));
            assertThat(result.manifestDigest().toString()).as(platform).isEqualTo(arm64.manifestDigest());
            assertThat(result.indexDigest().toString()).isEqualTo(index.digest());
            assertThat(result.configDigest().toString()).isEqualTo(arm64.config().digest());
            assertThat(result.platform().toString()).isEqualTo("linux/arm64/v8");
        }
        PullResult armV7 = pull("team/app:" + tag(format), "linux/arm", tmp.resolve("store"), tmp.resolve("out-arm"));
        assertThat(armV7.manifestDigest().toString()).isEqualTo(index.image(Platform.LINUX_ARM_V7).manifestDigest());
    }

    @Test
    void testPull_defaultPlatform_isThisJvms() throws Exception {
        io.jenkins.registrypull.manifest.Platform here = io.jenkins.registrypull.manifest.Platform.current();
        assertThat(here.toString()).as("the test images cover this machine").isIn("linux/amd64", "linux/arm64/v8");
        BuiltImage expected = oci.image(here.architecture().equals("amd64") ? Platform.LINUX_AMD64
                : Platform.LINUX_ARM64_V8);
        PullResult result = pull("team/app:oci", null, tmp.resolve("store"), tmp.resolve("out"));
        assertThat(result.manifestDigest().toString()).isEqualTo(expected.manifestDigest());
    }

    @ParameterizedTest
    @EnumSource(ManifestFormat.class)
    void testPull_noMatchingPlatform_listsWhatIsOffered(ManifestFormat format) {
        assertThatThrownBy(() -> pull("team/app:" + tag(format), "linux/s390x", tmp.resolve("store"),
                tmp.resolve("out")))
                .isInstanceOf(NoMatchingPlatformException.class)
                .hasMessageContaining("has no manifest for linux/s390x")
                .hasMessageContaining("it offers linux/amd64, linux/arm64/v8, linux/arm/v7");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void testPull_byIndexDigest_choosesThePlatformToo() throws Exception {
        PullResult result = pull("team/app@" + list.digest(), "linux/arm64/v8", tmp.resolve("store"),
                tmp.resolve("out"));
        assertThat(result.indexDigest().toString()).isEqualTo(list.digest());
        assertThat(result.manifestDigest().toString()).isEqualTo(list.image(Platform.LINUX_ARM64_V8).manifestDigest());
    }

    @Test
    void testWarmRepull_downloadsNoBlob_oneManifestRequest() throws Exception {
        Path store = tmp.resolve("store");
        PullResult cold = pull("team/app:oci", "linux/arm64/v8", store, tmp.resolve("cold"));
        long requestsBefore = registryRequests().size();
        long started = System.nanoTime();
        PullResult warm = pull("team/app:oci", "linux/arm64/v8", store, tmp.resolve("warm"));
        long warmNanos = System.nanoTime() - started;
        List<String> requests = registryRequests().subList((int) requestsBefore, registryRequests().size());

        assertThat(warm.bytesDownloaded()).isZero();
        assertThat(warm.bytesReused()).isEqualTo(cold.bytesDownloaded()).isEqualTo(warm.totalBytes());
        assertThat(warm.manifestDigest()).isEqualTo(cold.manifestDigest());
        assertThat(requests).as("only the index is asked for; the platform manifest and blobs come from the store")
                .singleElement().asString().contains("GET /v2/team/app/manifests/oci");
        System.out.printf("warm re-pull of team/app:oci (linux/arm64/v8): %.1f ms, %d registry request(s): %s%n",
                warmNanos / 1e6, requests.size(), requests);
    }

    /** The access-log lines of the registry ({@code "GET /v2/... HTTP/2.0"}), in order. */
    private List<String> registryRequests() throws Exception {
        return Files.readAllLines(registry.rootDir().resolve("registry.log"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("\"GET /v2/") || line.contains("\"HEAD /v2/"))
                .filter(line -> !line.contains("\"GET /v2/ "))
                .toList();
    }
}
