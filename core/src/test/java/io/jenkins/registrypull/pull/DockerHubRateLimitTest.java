package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.error.FailureKind;
import io.jenkins.registrypull.error.TooManyRequestsException;
import io.jenkins.registrypull.http.RateLimit;
import io.jenkins.registrypull.manifest.MediaType;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testing.MockRegistry;
import io.jenkins.registrypull.testing.TinyImage;
import okhttp3.Headers;
import okhttp3.mockwebserver.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Docker Hub's pull rate limit (issue 13 part 4), from a registry that answers as Docker Hub does: the
 * {@code ratelimit-*} headers on every manifest answer, and a 429 once the limit is used up.
 */
class DockerHubRateLimitTest {

    @TempDir
    Path tmp;

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private MockRegistry registry;
    private PullEngine engine;
    private TinyImage image;

    @BeforeEach
    void setUp() throws Exception {
        registry = MockRegistry.http();
        engine = new PullEngine(Clock.systemUTC(), sleeps::add);
        image = new TinyImage(13, 1, 3000, MediaType.OCI_MANIFEST);
        image.pushTo(registry, "team/app", "1");
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        registry.close();
    }

    private PullOptions options(String out) throws Exception {
        return PullOptions.builder().image(registry.hostPort() + "/team/app:1").insecure(true).maxAttempts(2)
                .storeDir(tmp.resolve("store")).sink(new OciLayoutSink(tmp.resolve(out), null, new JsonTrees()))
                        .build();
    }

    private static MockResponse withLimits(MockResponse response, String remaining) {
        return response.setHeader("ratelimit-limit", "100;w=21600").setHeader("ratelimit-remaining", remaining)
                .setHeader("docker-ratelimit-source", "192.0.2.7");
    }

    @Test
    void testManifestAnswerWithLimits_carriedInTheResult() throws Exception {
        registry.override(r -> r.getPath().endsWith("/manifests/1") ? withLimits(new MockResponse()
                .setHeader("Content-Type", MediaType.OCI_MANIFEST)
                .setBody(new Buffer().write(image.manifest)), "76;w=21600") : null);
        PullResult result = engine.pull(options("out"), PullListener.NONE);
        assertThat(result.rateLimit()).isEqualTo(new RateLimit(100, 76, Duration.ofHours(6), "192.0.2.7"));
        assertThat(result.rateLimit().describe()).isEqualTo("76 of 100 pulls left per 6 h (counted for 192.0.2.7)");
    }

    @Test
    void testRegistryWithoutLimits_noRateLimit() throws Exception {
        assertThat(engine.pull(options("out"), PullListener.NONE).rateLimit()).isNull();
    }

    @Test
    void testLimitUsedUp_429_saysAuthenticateMirrorOrWait() {
        registry.override(r -> r.getPath().contains("/manifests/") ? withLimits(new MockResponse().setResponseCode(429)
                .setBody("{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"You have reached your pull rate"
                        + " limit.\"}]}"), "0;w=21600") : null);
        assertThatThrownBy(() -> engine.pull(options("out"), PullListener.NONE))
                .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.getMessage()).contains("TOOMANYREQUESTS", "Docker Hub's pull rate limit is used up",
                                    "0 of 100 pulls left per 6 h (counted for 192.0.2.7)",
                                    "Anonymous pulls have the lowest limit: authenticate",
                                    "pull through a registry mirror (see docs/mirrors.md)",
                                    "wait until the limit resets (it counts pulls over 6 h)")
                            .doesNotContain("credentialsId", "--username");
                });
        assertThat(sleeps).as("retried once, as any 429").hasSize(1);
    }

    @Test
    void testOther429_genericAdvice() {
        registry.override(r -> r.getPath().contains("/manifests/") ? new MockResponse().setResponseCode(429)
                .setHeader("Retry-After", "3") : null);
        assertThatThrownBy(() -> engine.pull(options("out"), PullListener.NONE))
                .isInstanceOf(TooManyRequestsException.class)
                .hasMessageContaining("the registry is rate-limiting pulls and asks to wait 3 s")
                .hasMessageNotContaining("Docker Hub");
    }

    @Test
    void testHeaders_parsedStrictly() {
        assertThat(RateLimit.of(Headers.of("ratelimit-limit", "200", "ratelimit-remaining", "199")))
                .isEqualTo(new RateLimit(200, 199, null, null));
        assertThat(RateLimit.of(Headers.of("ratelimit-limit", "100;w=21600"))).as("remaining missing").isNull();
        assertThat(RateLimit.of(Headers.of("ratelimit-limit", "lots", "ratelimit-remaining", "1"))).isNull();
        assertThat(RateLimit.of(Headers.of("ratelimit-limit", "10;w=60", "ratelimit-remaining", "9;w=60",
                "docker-ratelimit-source", "has spaces in it")).source()).as("only a printable token is kept").isNull();
        assertThat(RateLimit.of(Headers.of())).isNull();
    }
}
