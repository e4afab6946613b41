package io.jenkins.registrypull.http;

import io.jenkins.registrypull.api.RegistryConnectionException;
import io.jenkins.registrypull.http.RepositoryScope;
import io.jenkins.registrypull.http.RegistryEndpoint;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

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
                .isInstanceOf(RegistryConnectionException.class)
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
                .isInstanceOf(RegistryConnectionException.class)
                .hasMessageContaining("more than 5 times (the last hop pointed at " + server.url("/again/5") + ")");
        assertThat(server.getRequestCount()).isEqualTo(12);
    }
}
