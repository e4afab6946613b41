package io.jenkins.registrypull.security;

import io.jenkins.registrypull.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.Fault;
import io.jenkins.registrypull.testkit.FaultProxy;
import io.jenkins.registrypull.testkit.Layer;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.MediaTypes;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.Skopeo;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenServer;
import io.jenkins.registrypull.testkit.TokenSettings;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No fault corrupts: the real registry with token auth over TLS, and a {@link FaultProxy} between it and the engine
 * injecting one kind of fault per case (a cut at a random byte, a flipped byte, truncation, a stall, 5xx, 429 with
 * Retry-After, a token expiring mid-pull, hostile manifests). Every case ends in one of two ways:
 * <ul>
 *   <li>the same digest as a clean pull, with an OCI layout whose every blob hashes to its name; or</li>
 *   <li>a {@link RegistryException} whose message names the blob or manifest and says what to do, and no output.</li>
 * </ul>
 * Either way the store then holds no temp file and every blob in it verifies ({@code BlobStore.verify()}), and a
 * pull without the fault, into the same store, gives the clean digest. Random positions come from a seed printed in
 * failures ({@code -Dfault.seed=N} replays one).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultMatrixTest {

    private static final long LAYER_SIZE = 512 * 1024;
    /** How a message says what to do. */
    private static final Pattern ADVICE = Pattern.compile("(?i)retry|pull again|push the image again|check |refus"
            + "|raise the timeout|not followed|never contacted|ask the registry");

    enum Expect {
        /** The pull recovers: the same digest as a clean pull. */
        SAME_DIGEST,
        /** A clear error. */
        ERROR
    }

    /** One row of the matrix: what to break and what must come out. */
    record Case(Expect expect, List<String> inMessage, Function<FaultMatrixTest, PullListener> inject) {
    }

    private final TestUser alice = TestUser.randomWithSymbols("alice");
    private final ObjectMapper json = new ObjectMapper();
    private final long seed = Long.getLong("fault.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private TokenServer tokens;
    private RegistryServer registry;
    private FaultProxy proxy;
    private BuiltImage image;

    @TempDir
    Path tmp;

    @BeforeAll
    void start(@TempDir Path layers) {
        tokens = TokenServer.start();
        registry = RegistryServer.tokenTls(tokens);
        tokens.addPuller(alice, "team/app");
        image = TestImages.big(layers, ManifestFormat.OCI, 2, LAYER_SIZE); // base + 2 random layers of 512 KiB
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushImage("team/app", "1", image);
        }
        tokens.allowAnonymousPull("team/app"); // for skopeo, which never gets credentials
        try (Skopeo skopeo = new Skopeo(registry)) {
            assertThat(skopeo.digest("team/app:1")).as("the clean digest, by skopeo").isEqualTo(image.manifestDigest());
        }
        proxy = FaultProxy.start(registry);
    }

    @AfterAll
    void stop() {
        proxy.close();
        registry.close();
        tokens.close();
    }

    @AfterEach
    void reset() {
        proxy.clearFaults();
        tokens.updateSettings(s -> TokenSettings.defaults());
    }

    // ---- what the cases break

    /** The first random layer: 512 KiB. */
    private Layer layer() {
        return image.layers().get(1);
    }

    private Predicate<RecordedRequest> layerGet() {
        return r -> "GET".equals(r.getMethod()) && r.getPath().contains("/blobs/" + layer().digest());
    }

    private static Predicate<RecordedRequest> manifestGet() {
        return r -> "GET".equals(r.getMethod()) && r.getPath().endsWith("/manifests/1");
    }

    private long randomPosition(long size) {
        return 1 + (long) (random.nextDouble() * (size - 2));
    }

    private PullListener fault(Predicate<RecordedRequest> where, Fault fault, int times) {
        proxy.inject(where, fault, times);
        return PullListener.NONE;
    }

    /** The manifest's JSON changed by {@code change}, served instead of the real one. */
    private PullListener manifestRewritten(java.util.function.Consumer<ObjectNode> change) {
        return fault(manifestGet(), new Fault.ReplaceBody(bytes -> {
            try {
                ObjectNode manifest = (ObjectNode) json.readTree(bytes);
                change.accept(manifest);
                return json.writeValueAsBytes(manifest);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }), Integer.MAX_VALUE);
    }

    private static ObjectNode descriptor(ObjectMapper json, String mediaType, String digest, long size) {
        return json.createObjectNode().put("mediaType", mediaType).put("digest", digest).put("size", size);
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        add(cases, "connection cut at a random byte of a layer", Expect.SAME_DIGEST,
                List.of("blob {layer}"), t -> t.fault(t.layerGet(), new Fault.CutAt(t.randomPosition(LAYER_SIZE)), 1));
        add(cases, "connection cut at a random byte of the manifest", Expect.SAME_DIGEST,
                List.of("manifest of"), t -> t.fault(manifestGet(),
                        new Fault.CutAt(t.randomPosition(t.image.manifestBytes().length)), 1));
        add(cases, "a flipped byte at a random position of a layer, once", Expect.SAME_DIGEST,
                List.of("Blob {layer} arrived with digest"),
                t -> t.fault(t.layerGet(), new Fault.FlipByte(t.randomPosition(LAYER_SIZE)), 1));
        add(cases, "a flipped byte at a random position of a layer, every time", Expect.ERROR,
                List.of("Blob {layer} arrived with digest"),
                t -> t.fault(t.layerGet(), new Fault.FlipByte(t.randomPosition(LAYER_SIZE)), Integer.MAX_VALUE));
        add(cases, "a flipped byte in the manifest", Expect.SAME_DIGEST,
                List.of("manifest of"), t -> t.fault(manifestGet(),
                        new Fault.FlipByte(t.randomPosition(t.image.manifestBytes().length)), 1));
        add(cases, "a flipped byte in the manifest, every time", Expect.ERROR,
                List.of("The manifest of", "hashes to"), t -> t.fault(manifestGet(),
                        new Fault.FlipByte(t.randomPosition(t.image.manifestBytes().length)), Integer.MAX_VALUE));
        add(cases, "a truncated layer (a well-formed shorter answer), once", Expect.SAME_DIGEST,
                List.of("{layer}"), t -> t.fault(t.layerGet(), new Fault.Truncate(t.randomPosition(LAYER_SIZE)), 1));
        add(cases, "a truncated layer, every answer (resumes make no progress)", Expect.ERROR,
                List.of("{layer}", "5 attempts"),
                t -> t.fault(t.layerGet(), new Fault.Truncate(1), Integer.MAX_VALUE));
        add(cases, "a layer stalled for 3 s after each 256 KiB", Expect.SAME_DIGEST, List.of(),
                t -> t.fault(t.layerGet(), new Fault.Stall(256 * 1024, Duration.ofSeconds(3)), 1));
        for (int status : new int[] {500, 502, 503}) {
            add(cases, "HTTP " + status + " for a layer, once", Expect.SAME_DIGEST,
                    List.of("HTTP " + status, "blob {layer}"), t -> t.fault(t.layerGet(), Fault.Status.of(status), 1));
            add(cases, "HTTP " + status + " for the manifest, once", Expect.SAME_DIGEST,
                    List.of("HTTP " + status, "manifest of"), t -> t.fault(manifestGet(), Fault.Status.of(status), 1));
        }
        add(cases, "HTTP 503 for a layer, every time", Expect.ERROR, List.of("HTTP 503", "blob {layer}"),
                t -> t.fault(t.layerGet(), Fault.Status.of(503), Integer.MAX_VALUE));
        add(cases, "HTTP 429 with Retry-After: 1 for a layer, once", Expect.SAME_DIGEST,
                List.of("HTTP 429", "blob {layer}", "rate-limiting"),
                t -> t.fault(t.layerGet(), Fault.Status.tooManyRequests("1"), 1));
        add(cases, "HTTP 429 with Retry-After: 1 for a layer, every time", Expect.ERROR,
                List.of("HTTP 429", "blob {layer}", "rate-limiting"),
                t -> t.fault(t.layerGet(), Fault.Status.tooManyRequests("1"), Integer.MAX_VALUE));
        add(cases, "a bearer token that expires mid-pull (unannounced)", Expect.SAME_DIGEST, List.of(),
                FaultMatrixTest::tokenExpiringMidPull);
        add(cases, "a layer replaced by other bytes of the same size (a lying registry)", Expect.ERROR,
                List.of("Blob {layer} arrived with digest"),
                t -> t.fault(t.layerGet(), new Fault.ReplaceBody(b -> new byte[b.length]), Integer.MAX_VALUE));
        add(cases, "a layer longer than its descriptor says", Expect.ERROR,
                List.of("Blob {layer} is larger than the", "bytes its descriptor declares"),
                t -> t.fault(t.layerGet(), new Fault.ReplaceBody(b -> java.util.Arrays.copyOf(b, b.length + 1)),
                        Integer.MAX_VALUE));
        add(cases, "a layer unknown to the registry (404 BLOB_UNKNOWN)", Expect.ERROR,
                List.of("BLOB_UNKNOWN", "blob {layer}"),
                t -> t.fault(t.layerGet(), new Fault.Status(404, "BLOB_UNKNOWN", null), Integer.MAX_VALUE));
        add(cases, "an oversize manifest (5 MiB)", Expect.ERROR, List.of("The manifest of", "larger than 4 MiB"),
                t -> t.fault(manifestGet(), new Fault.ReplaceBody(b -> {
                    byte[] big = new byte[5 * 1024 * 1024];
                    java.util.Arrays.fill(big, (byte) ' ');
                    System.arraycopy(b, 0, big, 0, b.length);
                    return big;
                }), Integer.MAX_VALUE));
        add(cases, "a manifest that is not JSON", Expect.ERROR, List.of("The manifest of", "is not valid JSON"),
                t -> t.fault(manifestGet(), new Fault.ReplaceBody(b -> java.util.Arrays.copyOf(b, b.length / 2)),
                        Integer.MAX_VALUE));
        add(cases, "a manifest naming a layer digest with path characters (sha256:../../x)", Expect.ERROR,
                List.of("The manifest of", "invalid or unsupported digest (sha256:../../x)"),
                t -> t.manifestRewritten(m -> ((ObjectNode) m.withArray("layers").get(1)).put("digest", "sha256:../../x")));
        add(cases, "a manifest naming a config digest of a path (sha256:/etc/passwd)", Expect.ERROR,
                List.of("The manifest of", "invalid or unsupported digest (sha256:/etc/passwd)"),
                t -> t.manifestRewritten(m -> ((ObjectNode) m.get("config")).put("digest", "sha256:/etc/passwd")));
        add(cases, "an index naming a manifest digest with path characters", Expect.ERROR,
                List.of("The manifest of", "invalid or unsupported digest (sha256:../../../tmp/x)"),
                t -> t.manifestRewritten(m -> {
                    m.removeAll();
                    m.put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
                    ObjectNode entry = descriptor(t.json, MediaTypes.OCI_MANIFEST, "sha256:../../../tmp/x", 100);
                    entry.putObject("platform").put("os", "linux").put("architecture", "amd64");
                    m.putArray("manifests").add(entry);
                }));
        add(cases, "a manifest with more layers than the cap (501)", Expect.ERROR,
                List.of("The manifest of", "has 501 layers, more than the 500 accepted"),
                t -> t.manifestRewritten(m -> {
                    ArrayNode layers = m.putArray("layers");
                    for (int i = 0; i < 501; i++) {
                        layers.add(descriptor(t.json, MediaTypes.OCI_LAYER, Digest.sha256(new byte[] {(byte) i,
                                (byte) (i >> 8)}).toString(), 2));
                    }
                }));
        add(cases, "an index with more manifests than the cap (1001)", Expect.ERROR,
                List.of("The manifest of", "lists 1001 manifests, more than the 1000 accepted"),
                t -> t.manifestRewritten(m -> {
                    m.removeAll();
                    m.put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
                    ArrayNode manifests = m.putArray("manifests");
                    for (int i = 0; i < 1001; i++) {
                        manifests.add(descriptor(t.json, MediaTypes.OCI_MANIFEST, Digest.sha256(new byte[] {(byte) i,
                                (byte) (i >> 8)}).toString(), 2));
                    }
                }));
        add(cases, "a layer descriptor with a negative size", Expect.ERROR,
                List.of("The manifest of", "without a valid mediaType, digest and size"),
                t -> t.manifestRewritten(m -> ((ObjectNode) m.withArray("layers").get(0)).put("size", -1)));
        return cases.stream();
    }

    private static void add(List<Arguments> cases, String name, Expect expect, List<String> inMessage,
                            Function<FaultMatrixTest, PullListener> inject) {
        cases.add(Arguments.of(Named.of(name, new Case(expect, inMessage, inject))));
    }

    /** Tokens the registry refuses 4 s after issue, not announced to the client; the pull made to last longer. */
    private PullListener tokenExpiringMidPull() {
        tokens.updateSettings(s -> s.withTtl(Duration.ofSeconds(4)).withCancelRegistryLeeway(true).withExpiresIn(false));
        return new PullListener() {
            @Override
            public void blobStarted(Descriptor blob) {
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    // ---- the pull and what must hold afterwards

    private PullOptions options(Path store, Path out) throws Exception {
        return PullOptions.builder().image(proxy.hostPort() + "/team/app:1")
                .credential(Credential.usernamePassword(alice.username(), SecretValue.ofString(alice.password())))
                .caCertificatePem(registry.ca().caCertificatePem()).concurrency(1).storeDir(store)
                .sink(new OciLayoutSink(out, null, new JsonTrees())).build();
    }

    private PullResult pull(Path store, Path out, PullListener listener) throws Exception {
        try (PullEngine engine = new PullEngine()) {
            return engine.pull(options(store, out), listener);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void testFault_endsInTheCleanDigestOrAClearError_storeIntact(Case c) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "case-");
        Path store = dir.resolve("store");
        Path out = dir.resolve("out");
        PullListener listener = c.inject().apply(this);
        String replay = "seed " + seed + " (-Dfault.seed=" + seed + ")";

        PullResult result = null;
        Exception failure = null;
        try {
            result = pull(store, out, listener);
        } catch (Exception e) {
            failure = e;
        }

        System.out.println("OUTCOME " + c.expect() + " -> " + (failure == null ? "same digest "
                + result.manifestDigest() : failure.getClass().getSimpleName() + ": " + failure.getMessage()));
        if (failure == null) {
            assertThat(c.expect()).as("the pull succeeded; %s", replay).isNotEqualTo(Expect.ERROR);
            assertThat(result.manifestDigest().toString()).as(replay).isEqualTo(image.manifestDigest());
            assertLayoutVerifies(out);
        } else {
            assertThat(c.expect()).as("the pull failed with %s; %s", failure, replay).isNotEqualTo(Expect.SAME_DIGEST);
            assertThat(failure).as(replay).isInstanceOf(RegistryException.class);
            String message = failure.getMessage();
            for (String fragment : c.inMessage()) {
                assertThat(message).as(replay).contains(fragment.replace("{layer}", layer().digest()));
            }
            assertThat(ADVICE.matcher(message).find()).as("says what to do: %s", message).isTrue();
            assertThat(message).doesNotContain(alice.password());
            assertThat(out).as("no output after a failed pull").doesNotExist();
        }
        StoreChecks.assertIntact(store);

        // the store is still good to use: without the fault, a pull into it gives the clean digest
        proxy.clearFaults();
        tokens.updateSettings(s -> TokenSettings.defaults());
        Path again = dir.resolve("again");
        assertThat(pull(store, again, PullListener.NONE).manifestDigest().toString()).isEqualTo(image.manifestDigest());
        assertLayoutVerifies(again);
        StoreChecks.assertIntact(store);
    }

    @Test
    void testReferenceDigestWithPathCharacters_refusedBeforeAnyRequest() throws Exception {
        int before = proxy.exchanges().size();
        for (String digest : List.of("sha256:../../x", "sha256:/etc/passwd", "sha256:..%2F..%2Fx",
                "sha256:" + "a".repeat(63) + "/")) {
            assertThatThrownBy(() -> PullOptions.builder().image(proxy.hostPort() + "/team/app@" + digest))
                    .as(digest).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> PullOptions.builder().expectedDigest(digest)).as(digest)
                    .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("digest:");
        }
        assertThat(proxy.exchanges()).hasSize(before);
    }

    private static void assertLayoutVerifies(Path layout) throws Exception {
        List<Path> blobs;
        try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
            blobs = files.toList();
        }
        assertThat(blobs).hasSize(5); // manifest, config, 3 layers
        for (Path blob : blobs) {
            var sha = java.security.MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(blob)) {
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                }
            }
            assertThat(java.util.HexFormat.of().formatHex(sha.digest())).as("content of %s", blob)
                    .isEqualTo(blob.getFileName().toString());
        }
        JsonNode index = new ObjectMapper().readTree(Files.readString(layout.resolve("index.json"),
                StandardCharsets.UTF_8));
        assertThat(index.path("manifests").get(0).path("digest").asText()).isNotEmpty();
    }
}
