package io.jenkins.registrypull.testkit;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultProxyTest {

    private RegistryServer registry;
    private FaultProxy proxy;
    private OkHttpClient client;
    private BuiltImage image;

    @BeforeAll
    void start() {
        registry = RegistryServer.openTls(TestCa.create());
        image = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushImage("team/app", "1", image);
        }
        proxy = FaultProxy.start(registry);
        client = registry.clientBuilder().retryOnConnectionFailure(false).build();
    }

    @AfterAll
    void stop() {
        proxy.close();
        registry.close();
    }

    @AfterEach
    void clear() {
        proxy.clearFaults();
    }

    private Response get(String path) throws IOException {
        return client.newCall(new Request.Builder().url("https://" + proxy.hostPort() + path).build()).execute();
    }

    private String layerPath() {
        return "/v2/team/app/blobs/" + image.layers().get(0).digest();
    }

    @Test
    void testRelaysFaithfully() throws IOException {
        try (Response r = get(layerPath())) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().bytes()).isEqualTo(image.layers().get(0).blob().bytes());
        }
        assertThat(proxy.exchanges()).last().satisfies(e -> assertThat(e.fault()).isNull());
    }

    @Test
    void testCutAt_dropsTheConnection() {
        proxy.onNextBlob(new Fault.CutAt(100));
        assertThatThrownBy(() -> {
            try (Response r = get(layerPath())) {
                r.body().bytes();
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void testFlipByte_andOnlyOnce() throws IOException {
        proxy.onNextBlob(new Fault.FlipByte(10));
        byte[] original = image.layers().get(0).blob().bytes();
        try (Response r = get(layerPath())) {
            byte[] got = r.body().bytes();
            assertThat(got).hasSameSizeAs(original).isNotEqualTo(original);
            assertThat(got[10]).isEqualTo((byte) (original[10] ^ 1));
        }
        try (Response r = get(layerPath())) {
            assertThat(r.body().bytes()).isEqualTo(original);
        }
    }

    @Test
    void testStatusAndRetryAfter() throws IOException {
        proxy.inject(FaultProxy.isManifest(), Fault.Status.tooManyRequests("3"), 1);
        try (Response r = get("/v2/team/app/manifests/1")) {
            assertThat(r.code()).isEqualTo(429);
            assertThat(r.header("Retry-After")).isEqualTo("3");
            assertThat(r.body().string()).contains("TOOMANYREQUESTS");
        }
    }

    @Test
    void testRangeIsRelayed() throws IOException {
        try (Response r = client.newCall(new Request.Builder().url("https://" + proxy.hostPort() + layerPath())
                .header("Range", "bytes=10-19").build()).execute()) {
            assertThat(r.code()).isEqualTo(206);
            assertThat(r.body().bytes()).hasSize(10);
        }
        assertThat(proxy.exchanges()).last().satisfies(e -> assertThat(e.range()).isEqualTo("bytes=10-19"));
    }

    @Test
    void testStall_delaysTheRest() throws IOException {
        proxy.onNextBlob(new Fault.Stall(50, Duration.ofMillis(800)));
        long start = System.nanoTime();
        try (Response r = get(layerPath())) {
            assertThat(r.body().bytes()).isEqualTo(image.layers().get(0).blob().bytes());
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }
}
