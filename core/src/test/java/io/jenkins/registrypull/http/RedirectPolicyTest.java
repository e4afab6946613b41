package io.jenkins.registrypull.http;

import io.jenkins.registrypull.error.InvalidRegistryAnswerException;
import io.jenkins.registrypull.http.RepositoryScope;
import io.jenkins.registrypull.http.RegistryEndpoint;
import io.jenkins.registrypull.error.PullTimeoutException;
import io.jenkins.registrypull.error.RedirectRefusedException;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The redirect rules on their own, against a scripted server (the real-registry cases are in RedirectTest). */
class RedirectPolicyTest {

    private MockWebServer server;
    private RedirectPolicy policy;
    private final OkHttpClient http = new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false).build();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        policy = new RedirectPolicy(http, new RegistryEndpoint("127.0.0.1:" + server.getPort(), true, null));
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private Request blob() {
        return new Request.Builder().url(server.url("/v2/team/app/blobs/sha256:abc")).header("Range", "bytes=10-")
                .header("Accept-Encoding", "identity").header("Authorization", "Bearer secret-token")
                .header("Cookie", "session=1").tag(RepositoryScope.class, new RepositoryScope("team/app")).build();
    }

    @Test
    void testClientThatFollowsRedirectsItself_refused() {
        assertThatThrownBy(() -> new RedirectPolicy(new OkHttpClient(), new RegistryEndpoint("h", false, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testHop_keepsRangeAndEncoding_dropsEverythingElse_resolvesRelativeLocations() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", "other/place?sig=1"));
        server.enqueue(new MockResponse().setBody("ok"));
        try (var response = policy.execute(blob(), "blob sha256:abc of team/app").response()) {
            assertThat(response.body().string()).isEqualTo("ok");
        }
        server.takeRequest();
        RecordedRequest hop = server.takeRequest();
        assertThat(hop.getPath()).isEqualTo("/v2/team/app/blobs/other/place?sig=1");
        assertThat(hop.getHeader("Range")).isEqualTo("bytes=10-");
        assertThat(hop.getHeader("Accept-Encoding")).isEqualTo("identity");
        assertThat(hop.getHeader("Authorization")).isNull();
        assertThat(hop.getHeader("Cookie")).isNull();
    }

    @Test
    void testRedirectWithoutLocation_clearError() {
        server.enqueue(new MockResponse().setResponseCode(302));
        assertThatThrownBy(() -> policy.execute(blob(), "blob sha256:abc of team/app"))
                .isInstanceOf(InvalidRegistryAnswerException.class)
                .hasMessage("The registry answered HTTP 302 for blob sha256:abc of team/app with no usable Location to"
                        + " redirect to; it is misconfigured.");
    }

    @Test
    void testFiveHopsFollowed_theSixthRefused() throws Exception {
        for (int i = 0; i < 5; i++) {
            server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/hop/" + i));
        }
        server.enqueue(new MockResponse().setBody("after five"));
        try (var response = policy.execute(blob(), "x").response()) {
            assertThat(response.body().string()).isEqualTo("after five");
        }
        for (int i = 0; i < 6; i++) {
            server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/again/" + i));
        }
        assertThatThrownBy(() -> policy.execute(blob(), "blob sha256:abc of team/app"))
                .isInstanceOf(InvalidRegistryAnswerException.class)
                .hasMessageContaining("more than 5 times (the last hop pointed at " + server.url("/again/5") + ")");
        assertThat(server.getRequestCount()).isEqualTo(12);
    }

    /** Records every connection attempt the client makes, to prove a refused hop opened none. */
    private static final class Connects extends EventListener {
        final List<InetSocketAddress> attempts = new CopyOnWriteArrayList<>();

        @Override
        public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
            attempts.add(address);
        }
    }

    private RedirectPolicy watched(Connects connects, boolean plainHttp) {
        OkHttpClient client = http.newBuilder().eventListener(connects).build();
        return new RedirectPolicy(client, new RegistryEndpoint("127.0.0.1:" + server.getPort(), plainHttp, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://[::ffff:169.254.169.254]/",
            "http://[::ffff:a9fe:a9fe]/latest/", "http://100.100.100.200/latest/meta-data/", "http://[fd00:ec2::254]/",
            "http://[fe80::a9fe:a9fe]/", "http://168.63.129.16/", "http://[64:ff9b::a9fe:a9fe]/",
            "http://[2002:a9fe:a9fe::1]/", "http://[0:0:0:0:0:ffff:6464:64c8]/"})
    void testEveryKindOfRequestRedirectedToMetadata_refusedWithoutConnecting(String location) throws Exception {
        for (RedirectPolicy.Hops hops : RedirectPolicy.Hops.values()) {
            Connects connects = new Connects();
            server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", location));
            assertThatThrownBy(() -> watched(connects, true).execute(blob(), "x", hops))
                    .as(hops.toString()).isInstanceOf(RedirectRefusedException.class);
            assertThat(connects.attempts).as(hops.toString())
                    .allSatisfy(a -> assertThat(a.getPort()).isEqualTo(server.getPort()));
        }
    }

    @Test
    void testProbeRedirectedToAnotherPort_refusedWithoutConnecting() throws Exception {
        Connects connects = new Connects();
        server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "http://127.0.0.1:9/v2/"));
        Request probe = new Request.Builder().url(server.url("/v2/")).build();
        assertThatThrownBy(() -> watched(connects, true).execute(probe, "probe", RedirectPolicy.Hops.SAME_ORIGIN))
                .isInstanceOf(RedirectRefusedException.class)
                .hasMessageContaining("a redirect to http://127.0.0.1:9/v2/, another server");
        assertThat(connects.attempts).hasSize(1).allSatisfy(a -> assertThat(a.getPort()).isEqualTo(server.getPort()));
    }

    @Test
    void testProbeRedirectedWithinTheOrigin_followed() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(301).setHeader("Location", "/v2"));
        server.enqueue(new MockResponse().setBody("{}"));
        Request probe = new Request.Builder().url("http://127.0.0.1:" + server.getPort() + "/v2/").build();
        try (var response = policy.execute(probe, "probe", RedirectPolicy.Hops.SAME_ORIGIN).response()) {
            assertThat(response.code()).isEqualTo(200);
        }
    }

    @Test
    void testTokenRequestRedirected_neverFollowedEvenWithinTheOrigin() throws Exception {
        Connects connects = new Connects();
        server.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", "/token2"));
        Request token = new Request.Builder().url(server.url("/token")).build();
        assertThatThrownBy(() -> watched(connects, true).execute(token, "token", RedirectPolicy.Hops.NONE))
                .isInstanceOf(RedirectRefusedException.class)
                .hasMessageContaining("Token requests carry credentials");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void testDeadlinePassed_noCallMade() {
        var clock = new io.jenkins.registrypull.testing.MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        Deadline passed = Deadline.after(clock, java.time.Duration.ofSeconds(1));
        clock.advance(java.time.Duration.ofSeconds(2));
        RedirectPolicy late = new RedirectPolicy(http, new RegistryEndpoint("127.0.0.1:" + server.getPort(), true,
                null), passed);
        assertThatThrownBy(() -> late.execute(blob(), "blob sha256:abc of team/app"))
                .isInstanceOf(PullTimeoutException.class)
                .hasMessageContaining("ran out while requesting blob sha256:abc of team/app");
        assertThat(server.getRequestCount()).isZero();
    }
}
