package io.jenkins.registrypull.mirror;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.pull.Sleeper;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.CosignSigner;
import io.jenkins.registrypull.testkit.Fault;
import io.jenkins.registrypull.testkit.FaultProxy;
import io.jenkins.registrypull.testkit.FreePort;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.Skopeo;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenRequest;
import io.jenkins.registrypull.testkit.TokenServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Mirrors with real parts: the origin is a token+TLS registry; the mirrors are Debian's registry as a pull-through
 * cache of the origin ({@code proxy.remoteurl}, sharing the origin's token realm), an open registry holding a copy,
 * and an open registry holding another image under the same tag (hostile). Every registries.conf here is parsed by
 * {@link RegistriesConfParser} from TOML text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MirrorRegistryTest {

    private final TestUser alice = TestUser.random("alice");
    private final TestUser cacheUser = TestUser.random("cache");
    private final BuiltImage image = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
    private final BuiltImage other = TestImages.small(ManifestFormat.DOCKER, Platform.LINUX_AMD64);
    private TokenServer tokens;
    private RegistryServer origin;
    private RegistryServer cache;
    private RegistryServer copy;
    private RegistryServer hostile;
    private final CosignSigner signer = CosignSigner.generate(CosignSigner.KeyType.ECDSA_P256);
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        tokens = TokenServer.start();
        origin = RegistryServer.tokenTls(tokens);
        tokens.addPuller(alice, "team/app");
        tokens.addPuller(cacheUser, "team/app");
        // The cache asks clients for tokens from the origin's own realm: anonymous pulls of team/app are allowed
        // there, so a client that sent alice's credentials to the cache's realm would show up in the token log.
        tokens.allowAnonymousPull("team/app");
        cache = RegistryServer.builder().tls(tokens.ca()).token(tokens).proxyOf(origin, cacheUser).start();
        copy = RegistryServer.openHttp();
        hostile = RegistryServer.openHttp();
        try (RegistryPusher pusher = RegistryPusher.forRegistry(origin)) {
            pusher.pushImage("team/app", "1.0", image);
            // signed at the origin under its own name; the copy mirror holds the image without the signature
            CosignSigner.signatureImage(image.manifestDigest(), List.of(signer.signSimpleSigning(image.manifestDigest(),
                    origin.hostPort() + "/team/app"))).pushTo(pusher, "team/app");
        }
        try (RegistryPusher pusher = RegistryPusher.forRegistry(copy)) {
            pusher.pushImage("team/app", "1.0", image);
        }
        try (RegistryPusher pusher = RegistryPusher.forRegistry(hostile)) {
            pusher.pushImage("team/app", "1.0", other);
        }
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {hostile, copy, cache, origin, tokens}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // the others still get closed
            }
        }
    }

    @BeforeEach
    void clear() {
        log.clear();
        waits.clear();
        tokens.requests().clear();
    }

    private PullResult pull(String reference, String digest, String conf) throws Exception {
        return pull(reference, digest, parse(conf), Map.of());
    }

    /** Parses, and trusts the cache's CA for the cache (its own setting, as the Jenkins configuration gives it). */
    private RegistriesConf parse(String conf) throws InvalidInputException {
        return RegistriesConfParser.parse(conf, "test registries.conf")
                .withMirrorCaCertificate(cache.hostPort(), cache.ca().caCertificatePem());
    }

    private PullResult pull(String reference, String digest, RegistriesConf conf, Map<String, Credential> mirrorCreds)
            throws Exception {
        return pull(reference, digest, conf, mirrorCreds, null);
    }

    private PullResult pull(String reference, String digest, RegistriesConf conf, Map<String, Credential> mirrorCreds,
                            String verifyKeyPem) throws Exception {
        String name = "out-" + System.nanoTime();
        PullOptions options = PullOptions.builder().image(reference).expectedDigest(digest)
                .verifyKeyPem(verifyKeyPem).requireSignature(verifyKeyPem != null)
                .credential(Credential.usernamePassword(alice.username(), SecretValue.ofString(alice.password())))
                .caCertificatePem(tokens.ca().caCertificatePem()).storeDir(tmp.resolve("store-" + name))
                .sink(new OciLayoutSink(tmp.resolve(name), null, new JsonTrees())).build();
        PullListener listener = new PullListener() {
            @Override
            public void info(String message) {
                log.add(message);
            }
        };
        Sleeper recording = waits::add;
        try (PullEngine engine = new PullEngine(Clock.systemUTC(), recording)) {
            return engine.pull(options, new MirrorSettings(conf, mirrorCreds), listener);
        }
    }

    private String originRule(String mirrors) {
        return "[[registry]]\nlocation = \"" + origin.hostPort() + "\"\n" + mirrors;
    }

    private static String mirror(String location, boolean insecure, String pullFromMirror) {
        return "[[registry.mirror]]\nlocation = \"" + location + "\"\n" + (insecure ? "insecure = true\n" : "")
                + (pullFromMirror != null ? "pull-from-mirror = \"" + pullFromMirror + "\"\n" : "");
    }

    private static int closedPort() {
        return FreePort.find();
    }

    @Test
    void testPullThroughCache_cacheServesAndLogsIt_aliceNeverAskedForTheMirror() throws Exception {
        String conf = originRule(mirror(cache.hostPort(), false, null));
        PullResult result = pull(origin.hostPort() + "/team/app:1.0", null, conf);

        assertThat(result.manifestDigest().toString()).isEqualTo(image.manifestDigest());
        assertThat(result.servedFrom().manifestFromMirror()).as(String.join("\n", log)).isTrue();
        assertThat(result.servedFrom().manifest()).isEqualTo("https://" + cache.hostPort() + "/team/app");
        assertThat(result.servedFrom().blobs()).hasSize(image.blobs().size())
                .allSatisfy((digest, from) -> assertThat(from).isEqualTo("https://" + cache.hostPort() + "/team/app"));
        // The cache's own log: it answered the manifest and the blobs (fetching them from the origin as "cache").
        String cacheLog = cache.log();
        assertThat(cacheLog).containsPattern("\"GET /v2/team/app/manifests/1\\.0\\?ns=127\\.0\\.0\\.1%3A"
                + origin.port() + " HTTP/[0-9.]+\" 200");
        for (var blob : image.blobs()) {
            assertThat(cacheLog).containsPattern("\"GET /v2/team/app/blobs/" + blob.digest() + "\\?ns=[^ ]* HTTP/[0-9.]+\" 200");
        }
        // Credentials never went to the mirror: every token for the cache's realm was asked anonymously (by the
        // engine) or by the cache's own account (upstream); alice asked for none.
        List<TokenRequest> requests = tokens.requests().all();
        assertThat(requests).isNotEmpty();
        assertThat(requests).noneMatch(r -> alice.username().equals(r.username()));
        assertThat(requests).anyMatch(r -> r.username() == null && !r.basicAuth() && r.succeeded());
    }

    @Test
    void testMirrorWithItsOwnCredential_getsThatOneNeverTheRegistrys() throws Exception {
        TestUser reader = TestUser.random("reader");
        tokens.addPuller(reader, "team/app");
        RegistriesConf conf = parse(originRule(mirror(cache.hostPort(), false, null)));
        try (Credential readerCredential = Credential.usernamePassword(reader.username(),
                SecretValue.ofString(reader.password()))) {
            PullResult result = pull(origin.hostPort() + "/team/app:1.0", null, conf,
                    Map.of(cache.hostPort(), readerCredential));
            assertThat(result.servedFrom().manifestFromMirror()).isTrue();
        }
        assertThat(tokens.requests().all()).anyMatch(r -> reader.username().equals(r.username()))
                .noneMatch(r -> alice.username().equals(r.username()));
    }

    @Test
    void testOriginDown_pullByDigestServedByTheMirror_tagPullFails() throws Exception {
        String conf = "[[registry]]\nprefix = \"origin.test\"\nlocation = \"127.0.0.1:" + closedPort() + "\"\n"
                + mirror(copy.hostPort(), true, "digest-only");

        PullResult result = pull("origin.test/team/app@" + image.manifestDigest(), null, conf);
        assertThat(result.manifestDigest().toString()).isEqualTo(image.manifestDigest());
        assertThat(result.reference()).isEqualTo("origin.test/team/app@" + image.manifestDigest());
        assertThat(result.servedFrom().manifest()).isEqualTo("http://" + copy.hostPort() + "/team/app");
        assertThat(copy.log()).contains("ns=origin.test");

        // By tag, the digest-only mirror is not asked: the (down) registry is, and the failure says so.
        assertThatThrownBy(() -> pull("origin.test/team/app:1.0", null, conf))
                .isInstanceOf(RegistryConnectionException.class);
    }

    @Test
    void testMirrorDown_fallsBackToTheOrigin_andSaysWhy() throws Exception {
        String down = "127.0.0.1:" + closedPort();
        PullResult result = pull(origin.hostPort() + "/team/app:1.0", null, originRule(mirror(down, true, null)));

        assertThat(result.manifestDigest().toString()).isEqualTo(image.manifestDigest());
        assertThat(result.servedFrom().manifestFromMirror()).isFalse();
        assertThat(result.servedFrom().manifest()).isEqualTo("https://" + origin.hostPort() + "/team/app");
        assertThat(result.servedFrom().skipped()).singleElement().asString().contains("mirror http://" + down);
        assertThat(log).anyMatch(l -> l.startsWith("mirror http://" + down + "/team/app did not serve")
                && l.contains("Trying registry https://" + origin.hostPort()));
        assertThat(waits).isEmpty(); // a mirror gets one attempt: no backoff before moving on
    }

    @Test
    void testHostileMirror_digestOnly_tagGoesToTheOrigin() throws Exception {
        hostileLogMark();
        PullResult result = pull(origin.hostPort() + "/team/app:1.0", null,
                originRule(mirror(hostile.hostPort(), true, "digest-only")));

        assertThat(result.manifestDigest().toString()).isEqualTo(image.manifestDigest());
        assertThat(result.servedFrom().manifestFromMirror()).isFalse();
        assertThat(hostileLogSinceMark()).doesNotContain("/v2/team/app/manifests/");
    }

    @Test
    void testHostileMirror_all_theMirrorWinsATagPull_butAPinnedDigestWins() throws Exception {
        String conf = originRule(mirror(hostile.hostPort(), true, "all"));
        // Mirrors first, as registries.conf says: unpinned, the mirror's image is what the tag means there.
        assertThat(pull(origin.hostPort() + "/team/app:1.0", null, conf).manifestDigest().toString())
                .isEqualTo(other.manifestDigest());
        log.clear();

        PullResult pinned = pull(origin.hostPort() + "/team/app:1.0", image.manifestDigest(), conf);
        assertThat(pinned.manifestDigest().toString()).isEqualTo(image.manifestDigest());
        assertThat(pinned.servedFrom().manifestFromMirror()).isFalse();
        assertThat(log).anyMatch(l -> l.contains("mirror http://" + hostile.hostPort()) && l.contains("did not serve")
                && l.contains(other.manifestDigest()) && l.contains("not the expected digest"));
    }

    @Test
    void testTooManyRequestsFromTheMirror_movesOnWithoutWaiting() throws Exception {
        try (FaultProxy limited = FaultProxy.start(copy)) {
            limited.inject(r -> true, Fault.Status.tooManyRequests("30"), Integer.MAX_VALUE);
            PullResult result = pull(origin.hostPort() + "/team/app:1.0", null,
                    originRule(mirror(limited.hostPort(), true, null)));

            assertThat(result.servedFrom().manifestFromMirror()).isFalse();
            assertThat(log).anyMatch(l -> l.contains("mirror http://" + limited.hostPort()) && l.contains("429"));
            assertThat(waits).isEmpty();
        }
    }

    @Test
    void testBlocked_refusedBeforeAnyRequest() throws Exception {
        String conf = "[[registry]]\nlocation = \"" + origin.hostPort() + "\"\nblocked = true\n"
                + mirror(copy.hostPort(), true, null);
        long originLog = origin.log().length();
        long copyLog = copy.log().length();

        assertThatThrownBy(() -> pull(origin.hostPort() + "/team/app:1.0", null, conf))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("blocked by the registries.conf rule with prefix '" + origin.hostPort() + "'");
        assertThat(tokens.requests().all()).isEmpty();
        assertThat(origin.log().length()).isEqualTo(originLog);
        assertThat(copy.log().length()).isEqualTo(copyLog);
    }

    @Test
    void testDockerHubMirror_getsNsDockerIo_andTheLocationRewrite() throws Exception {
        // docker.io/team/* is served by the copy under /hub/team/*; the registry itself is rewritten to a closed
        // loopback port, so nothing outside this machine is ever a target.
        try (RegistryPusher pusher = RegistryPusher.forRegistry(copy)) {
            pusher.pushImage("hub/team/app", "1.0", image);
        }
        String conf = "[[registry]]\nprefix = \"docker.io/team\"\nlocation = \"127.0.0.1:" + closedPort()
                + "/team\"\n" + mirror(copy.hostPort() + "/hub/team", true, null);
        PullResult result = pull("docker.io/team/app:1.0", null, conf);

        assertThat(result.reference()).isEqualTo("docker.io/team/app:1.0");
        assertThat(result.manifestDigest().toString()).isEqualTo(image.manifestDigest());
        assertThat(result.servedFrom().manifest()).isEqualTo("http://" + copy.hostPort() + "/hub/team/app");
        assertThat(copy.log()).contains("GET /v2/hub/team/app/manifests/1.0?ns=docker.io ");
    }

    @Test
    void testSkopeoCrossCheck_sameRegistriesConf_sameDigest() throws Exception {
        // Mirror first: both must get the mirror's image for the tag (skopeo 1.9 has no pull-from-mirror).
        // The prefix names a closed loopback port: neither tool may resolve or reach it, the rule rewrites it.
        String named = "127.0.0.1:" + closedPort() + "/team";
        String text = "[[registry]]\nprefix = \"" + named + "\"\nlocation = \"" + origin.hostPort() + "/team\"\n"
                + mirror(hostile.hostPort() + "/team", true, null);
        Path file = Files.writeString(tmp.resolve("registries.conf"), text);
        String engine = pull(named + "/app:1.0", null, RegistriesConfParser.parse(file, "registriesConf"),
                Map.of()).manifestDigest().toString();
        try (Skopeo skopeo = new Skopeo(origin)) {
            assertThat(skopeo.digestWithRegistriesConf(file, named + "/app:1.0")).isEqualTo(engine);
        }
        assertThat(engine).isEqualTo(other.manifestDigest());
    }

    @Test
    void testBlobsVerifiedInTheStore_areNotFetchedAgainFromAnySource() throws Exception {
        String conf = originRule(mirror(copy.hostPort(), true, null));
        Path store = tmp.resolve("shared-store");
        PullOptions.Builder builder = PullOptions.builder().image(origin.hostPort() + "/team/app:1.0")
                .caCertificatePem(tokens.ca().caCertificatePem()).storeDir(store);
        try (PullEngine engine = new PullEngine()) {
            RegistriesConf parsed = RegistriesConfParser.parse(conf, "t");
            engine.pull(builder.sink(new OciLayoutSink(tmp.resolve("first"), null, new JsonTrees())).build(),
                    MirrorSettings.of(parsed), PullListener.NONE);
            int before = copy.log().length();
            PullResult again = engine.pull(builder.sink(new OciLayoutSink(tmp.resolve("second"), null,
                    new JsonTrees())).build(),
                    MirrorSettings.of(parsed), PullListener.NONE);
            assertThat(again.bytesDownloaded()).isZero();
            assertThat(again.servedFrom().blobs().values()).containsOnly(ServedFrom.STORE);
            assertThat(copy.log().substring(before)).doesNotContain("/blobs/");
        }
    }

    @Test
    void testSignatureRequired_mirrorWithoutIt_isPassedOver_theOriginsSignatureVerifies() throws Exception {
        PullResult result = pull(origin.hostPort() + "/team/app:1.0", null,
                parse(originRule(mirror(copy.hostPort(), true, null))), Map.of(), signer.publicKeyPem());

        assertThat(result.servedFrom().manifestFromMirror()).isFalse();
        assertThat(result.signature()).isNotNull();
        assertThat(result.signature().signedDigest()).isEqualTo(image.manifestDigest());
        assertThat(log).anyMatch(l -> l.startsWith("mirror http://" + copy.hostPort() + "/team/app did not serve")
                && l.contains("signature"));
    }

    @Test
    void testSignatureThroughTheCache_verifiesAgainstTheImagesOwnName() throws Exception {
        PullResult result = pull(origin.hostPort() + "/team/app:1.0", null,
                parse(originRule(mirror(cache.hostPort(), false, null))), Map.of(), signer.publicKeyPem());

        assertThat(result.servedFrom().manifestFromMirror()).isTrue();
        assertThat(result.reference()).isEqualTo(origin.hostPort() + "/team/app:1.0");
        assertThat(result.signature()).isNotNull();
        assertThat(cache.log()).contains("/v2/team/app/manifests/sha256-" + image.manifestDigest().substring(7) + ".sig");
    }

    @Test
    void testBlobCutOnTheMirror_isFinishedFromTheOriginByRange() throws Exception {
        BuiltImage big = TestImages.big(Files.createDirectories(tmp.resolve("big-image")), ManifestFormat.OCI, 1,
                1024 * 1024);
        tokens.addPuller(alice, "team/big");
        for (RegistryServer r : List.of(origin, copy)) {
            try (RegistryPusher pusher = RegistryPusher.forRegistry(r)) {
                pusher.pushImage("team/big", "1", big);
            }
        }
        var layer = big.layers().stream().map(l -> l.blob()).max(java.util.Comparator.comparingLong(b -> b.size()))
                .orElseThrow();
        try (FaultProxy cutting = FaultProxy.start(copy)) {
            cutting.inject(FaultProxy.pathContains(layer.digest()), new Fault.CutAt(layer.size() / 2), 1);
            PullResult result = pull(origin.hostPort() + "/team/big:1", null,
                    originRule(mirror(cutting.hostPort(), true, null)));

            assertThat(result.manifestDigest().toString()).isEqualTo(big.manifestDigest());
            assertThat(result.servedFrom().manifestFromMirror()).isTrue();
            assertThat(result.servedFrom().blobs()).containsEntry(layer.digest(),
                    "https://" + origin.hostPort() + "/team/big");
            assertThat(result.servedFrom().blobs().entrySet()).filteredOn(e -> !e.getKey().equals(layer.digest()))
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getValue()).isEqualTo("http://" + cutting.hostPort() + "/team/big"));
            assertThat(log).anyMatch(l -> l.startsWith("http://" + cutting.hostPort() + "/team/big could not serve blob "
                    + layer.digest()) && l.contains("Trying https://" + origin.hostPort() + "/team/big for the bytes from "));
            // the origin was asked only for the rest (a Range request): no byte came down twice
            assertThat(result.bytesDownloaded()).isEqualTo(big.blobBytes());
            assertThat(waits).isEmpty();
        }
    }

    private int hostileMark;

    private void hostileLogMark() {
        hostileMark = hostile.log().length();
    }

    private String hostileLogSinceMark() {
        return hostile.log().substring(hostileMark);
    }
}
