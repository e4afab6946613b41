package io.jenkins.registrypull.security;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.InsecureConnectionException;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testkit.Blob;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.Fault;
import io.jenkins.registrypull.testkit.FaultProxy;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestCa;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenServer;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Redirects of registry requests against the real registry (Basic over TLS, and token auth over TLS), with a
 * {@link FaultProxy} answering blob (or manifest) requests with a redirect to a second loopback server playing
 * blob storage, as ECR sends blobs to S3: the storage never sees credentials, chains are followed up to
 * 5 hops and a loop is a clear error, https is never downgraded to http, metadata addresses are never contacted.
 * Whatever happens, the store verifies and a failed pull leaves no output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedirectTest {

    enum Mode { BASIC, TOKEN }

    private final TestUser alice = TestUser.randomWithSymbols("alice");
    private final BuiltImage image = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
    private final Map<String, Blob> blobsByHex = image.blobs().stream()
            .collect(Collectors.toMap(Blob::hex, b -> b, (a, b) -> a));
    private final TestCa ca = TestCa.create();
    private TokenServer tokens;
    private RegistryServer basicRegistry;
    private RegistryServer tokenRegistry;
    private FaultProxy basicProxy;
    private FaultProxy tokenProxy;
    private MockWebServer storage;
    private MockWebServer plainStorage;
    private final List<RecordedRequest> atStorage = new CopyOnWriteArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    void start() throws IOException {
        tokens = TokenServer.start(ca);
        tokens.addPuller(alice, "team/app");
        tokenRegistry = RegistryServer.tokenTls(tokens);
        basicRegistry = RegistryServer.htpasswdTls(ca, alice);
        for (RegistryServer registry : List.of(basicRegistry, tokenRegistry)) {
            try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
                pusher.pushImage("team/app", "1", image);
            }
        }
        basicProxy = FaultProxy.start(basicRegistry);
        tokenProxy = FaultProxy.start(tokenRegistry);
        storage = new MockWebServer();
        storage.useHttps(ca.serverCertificates().sslSocketFactory(), false);
        storage.setDispatcher(new StorageDispatcher());
        storage.start(InetAddress.getByName("127.0.0.1"), 0);
        plainStorage = new MockWebServer();
        plainStorage.setDispatcher(new StorageDispatcher());
        plainStorage.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterAll
    void stop() throws IOException {
        storage.shutdown();
        plainStorage.shutdown();
        basicProxy.close();
        tokenProxy.close();
        basicRegistry.close();
        tokenRegistry.close();
        tokens.close();
    }

    @BeforeEach
    @AfterEach
    void reset() {
        basicProxy.clearFaults();
        tokenProxy.clearFaults();
        atStorage.clear();
    }

    /**
     * Blob storage on another host ({@code localhost}, where the registry is {@code 127.0.0.1}): {@code /bucket/HEX}
     * serves the blob, {@code /hop/HEX} redirects once more to the bucket, {@code /loop/N} redirects to
     * {@code /loop/N+1} forever, {@code /back/HEX} sends the client back to the registry.
     */
    private final class StorageDispatcher extends Dispatcher {
        volatile String registryHostPort;

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            atStorage.add(request);
            String path = request.getRequestUrl().encodedPath();
            String[] parts = path.split("/");
            String hex = parts[parts.length - 1];
            if (path.startsWith("/bucket/") && blobsByHex.containsKey(hex)) {
                Blob blob = blobsByHex.get(hex);
                return new MockResponse().setHeader("Content-Type", "application/octet-stream")
                        .setBody(new Buffer().write(blob.bytes()));
            }
            if (path.startsWith("/manifest/")) {
                return new MockResponse().setHeader("Content-Type", image.manifestMediaType())
                        .setBody(new Buffer().write(image.manifestBytes()));
            }
            if (path.startsWith("/hop/")) {
                return new MockResponse().setResponseCode(302).setHeader("Location", "/bucket/" + hex + "?hop=2");
            }
            if (path.startsWith("/loop/")) {
                return new MockResponse().setResponseCode(302).setHeader("Location", "/loop/"
                        + (Integer.parseInt(hex) + 1));
            }
            if (path.startsWith("/back/")) {
                return new MockResponse().setResponseCode(307).setHeader("Location", "https://" + registryHostPort
                        + "/v2/team/app/blobs/sha256:" + hex + "?back=1");
            }
            return new MockResponse().setResponseCode(404);
        }
    }

    private FaultProxy proxy(Mode mode) {
        return mode == Mode.BASIC ? basicProxy : tokenProxy;
    }

    private String storageUrl(String path) {
        return "https://localhost:" + storage.getPort() + path;
    }

    /** Every blob GET at the registry is redirected to {@code storagePath + HEX} (+ a signature in the query). */
    private void redirectBlobs(Mode mode, int status, String storagePrefix) {
        for (Blob blob : image.blobs()) {
            if (blob.digest().equals(image.manifestDigest())) {
                continue;
            }
            proxy(mode).inject(r -> "GET".equals(r.getMethod()) && r.getPath().contains("/blobs/" + blob.digest())
                            && !r.getPath().contains("back=1"),
                    new Fault.Redirect(status, storagePrefix + blob.hex() + "?X-Amz-Signature=s1gn3d&X-Amz-Expires=60"),
                    Integer.MAX_VALUE);
        }
    }

    private PullOptions options(Mode mode, String out) throws Exception {
        return PullOptions.builder().image(proxy(mode).hostPort() + "/team/app:1")
                .credential(Credential.usernamePassword(alice.username(), SecretValue.ofString(alice.password())))
                .caCertificatePem(ca.caCertificatePem()).storeDir(tmp.resolve("store-" + out))
                .sink(new OciLayoutSink(tmp.resolve(out), null, new JsonTrees())).build();
    }

    private PullResult pull(PullOptions options) throws Exception {
        try (PullEngine engine = new PullEngine()) {
            return engine.pull(options, PullListener.NONE);
        }
    }

    private List<RecordedRequest> blobRequestsAtStorage() {
        return atStorage.stream().filter(r -> !r.getPath().startsWith("/manifest/")).toList();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void testBlobRedirectedToAnotherHost_storageGetsNoCredentials_sameDigest(Mode mode) throws Exception {
        redirectBlobs(mode, 307, storageUrl("/bucket/"));
        int before = proxy(mode).exchanges().size();

        PullResult result = pull(options(mode, "out"));

        assertThat(result.manifestDigest().toString()).isEqualTo(image.manifestDigest());
        assertThat(atStorage).hasSize(3) // config + 2 layers, each fetched once from storage
                .allSatisfy(r -> {
                    assertThat(r.getHeader("Authorization")).as("Authorization at storage").isNull();
                    assertThat(r.getHeader("Cookie")).isNull();
                    assertThat(r.getRequestUrl().queryParameter("X-Amz-Signature")).isEqualTo("s1gn3d");
                    assertThat(r.getRequestUrl().host()).isEqualTo("localhost");
                });
        // the registry itself did get credentials for the same requests
        assertThat(proxy(mode).exchanges().subList(before, proxy(mode).exchanges().size()))
                .filteredOn(e -> e.path().contains("/blobs/")).hasSize(3)
                .allSatisfy(e -> {
                    assertThat(e.authorized()).isTrue();
                    assertThat(e.status()).isEqualTo(307);
                });
        StoreChecks.assertIntact(tmp.resolve("store-out"));
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void testEveryRedirectStatus_followedWithoutCredentials(int status) throws Exception {
        redirectBlobs(Mode.TOKEN, status, storageUrl("/bucket/"));
        assertThat(pull(options(Mode.TOKEN, "out")).manifestDigest().toString()).isEqualTo(image.manifestDigest());
        assertThat(atStorage).hasSize(3).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isNull());
    }

    @Test
    void testTwoHopChain_followed() throws Exception {
        redirectBlobs(Mode.BASIC, 307, storageUrl("/hop/"));
        assertThat(pull(options(Mode.BASIC, "out")).manifestDigest().toString()).isEqualTo(image.manifestDigest());
        assertThat(atStorage).hasSize(6).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isNull());
        StoreChecks.assertIntact(tmp.resolve("store-out"));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void testRedirectLoop_boundedAtFiveHops_clearError(Mode mode) throws Exception {
        String layer = image.layers().get(0).digest();
        proxy(mode).inject(FaultProxy.pathContains("/blobs/" + layer), new Fault.Redirect(307, storageUrl("/loop/0")),
                Integer.MAX_VALUE);

        assertThatThrownBy(() -> pull(options(mode, "out")))
                .isInstanceOf(io.jenkins.registrypull.error.InvalidRegistryAnswerException.class)
                .hasMessageContaining("redirected the request for blob " + layer + " of team/app more than 5 times")
                .hasMessageContaining("a redirect loop");

        assertThat(atStorage).extracting(r -> r.getRequestUrl().encodedPath())
                .containsExactly("/loop/0", "/loop/1", "/loop/2", "/loop/3", "/loop/4");
        assertThat(tmp.resolve("out")).doesNotExist();
        StoreChecks.assertIntact(tmp.resolve("store-out"));
    }

    @Test
    void testRedirectFromHttpsToPlainHttp_refusedBeforeContact() throws Exception {
        redirectBlobs(Mode.TOKEN, 302, "http://localhost:" + plainStorage.getPort() + "/bucket/");
        assertThatThrownBy(() -> pull(options(Mode.TOKEN, "out")))
                .isInstanceOf(InsecureConnectionException.class)
                .hasMessageContaining("redirected from https to plain http (http://localhost:" + plainStorage.getPort()
                        + "/bucket/")
                .hasMessageNotContaining("s1gn3d");
        assertThat(atStorage).isEmpty();
        assertThat(plainStorage.getRequestCount()).isZero();
        assertThat(tmp.resolve("out")).doesNotExist();
        StoreChecks.assertIntact(tmp.resolve("store-out"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://169.254.169.254/latest/meta-data/", "https://[fd00:ec2::254]/latest/meta-data/",
            "https://[fe80::1]/x"})
    void testRedirectToMetadataAddress_refused(String location) throws Exception {
        String layer = image.layers().get(1).digest();
        tokenProxy.inject(FaultProxy.pathContains("/blobs/" + layer), new Fault.Redirect(307, location), 1);
        assertThatThrownBy(() -> pull(options(Mode.TOKEN, "out")))
                .isInstanceOf(InsecureConnectionException.class)
                .hasMessageContaining("blob " + layer)
                .hasMessageContaining("a link-local or cloud metadata address; it is never contacted");
        assertThat(tmp.resolve("out")).doesNotExist();
        StoreChecks.assertIntact(tmp.resolve("store-out"));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void testManifestRedirectedToAnotherHost_noCredentials_sameDigest(Mode mode) throws Exception {
        proxy(mode).inject(r -> "GET".equals(r.getMethod()) && r.getPath().endsWith("/manifests/1"),
                new Fault.Redirect(307, storageUrl("/manifest/" + image.manifest().hex())), 1);
        assertThat(pull(options(mode, "out")).manifestDigest().toString()).isEqualTo(image.manifestDigest());
        assertThat(atStorage).filteredOn(r -> r.getPath().startsWith("/manifest/")).singleElement()
                .satisfies(r -> assertThat(r.getHeader("Authorization")).isNull());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void testRedirectBackToTheRegistry_authenticatedThereOnly(Mode mode) throws Exception {
        ((StorageDispatcher) storage.getDispatcher()).registryHostPort = proxy(mode).hostPort();
        redirectBlobs(mode, 307, storageUrl("/back/"));
        int before = proxy(mode).exchanges().size();

        assertThat(pull(options(mode, "out")).manifestDigest().toString()).isEqualTo(image.manifestDigest());

        assertThat(atStorage).hasSize(3).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isNull());
        assertThat(proxy(mode).exchanges().subList(before, proxy(mode).exchanges().size()))
                .filteredOn(e -> e.path().contains("back=1")).hasSize(3)
                .allSatisfy(e -> {
                    assertThat(e.authorized()).as("back at the registry").isTrue();
                    assertThat(e.status()).isEqualTo(200);
                });
        StoreChecks.assertIntact(tmp.resolve("store-out"));
    }
}
