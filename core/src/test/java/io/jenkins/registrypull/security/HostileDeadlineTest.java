package io.jenkins.registrypull.security;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.error.PullTimeoutException;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testkit.HostileRegistry;
import io.jenkins.registrypull.testkit.HostileRegistry.Route;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 17 item 2: the pull's deadline bounds every request and every body read. A hostile registry
 * trickles each kind of body at one byte a second (never silent long enough for the read timeout), or
 * never answers; the pull must end with a {@link PullTimeoutException} once its 3 s deadline passes.
 * The elapsed-time check is a loose upper bound (the deadline plus 20 s; before the fix these ran for
 * minutes), not a performance assertion.
 */
class HostileDeadlineTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration BOUND = TIMEOUT.plusSeconds(20);

    @TempDir
    Path tmp;

    private final PullEngine engine = new PullEngine(Clock.systemUTC(), duration -> { });
    private final HostileRegistry registry = HostileRegistry.start(HostileRegistry.Auth.BEARER);

    @AfterEach
    void stop() {
        engine.close();
        registry.close();
    }

    /** Each body the engine reads, trickled; or an answer that never comes. */
    enum Attack {
        PROBE_NEVER_ANSWERS(Route.PROBE, (r, req) -> HostileRegistry.neverAnswers()),
        TOKEN_NEVER_ANSWERS(Route.TOKEN, (r, req) -> HostileRegistry.neverAnswers()),
        TOKEN_TRICKLED(Route.TOKEN, (r, req) -> HostileRegistry.trickled(r.honest(Route.TOKEN, req))),
        MANIFEST_TRICKLED(Route.MANIFEST, (r, req) -> HostileRegistry.trickled(r.honest(Route.MANIFEST, req))),
        ERROR_BODY_TRICKLED(Route.MANIFEST, (r, req) -> HostileRegistry.trickled(HostileRegistry.error(500,
                "UNKNOWN"))),
        CONFIG_TRICKLED(Route.CONFIG, (r, req) -> HostileRegistry.trickled(r.honest(Route.CONFIG, req))),
        LAYER_TRICKLED(Route.LAYER, (r, req) -> HostileRegistry.trickled(r.honest(Route.LAYER, req))),
        MANIFEST_NEVER_ANSWERS(Route.MANIFEST, (r, req) -> HostileRegistry.neverAnswers());

        final Route route;
        final BiFunction<HostileRegistry, okhttp3.mockwebserver.RecordedRequest, MockResponse> answer;

        Attack(Route route, BiFunction<HostileRegistry, okhttp3.mockwebserver.RecordedRequest, MockResponse> answer) {
            this.route = route;
            this.answer = answer;
        }
    }

    private PullOptions.Builder options() throws Exception {
        return PullOptions.builder().image(registry.image()).insecure(true)
                .credential(Credential.usernamePassword("alice", SecretValue.ofString("alice-password-123")))
                .storeDir(tmp.resolve("store")).sink(new OciLayoutSink(tmp.resolve("out"), null, new JsonTrees()));
    }

    @ParameterizedTest
    @EnumSource(Attack.class)
    void testTrickledOrSilent_endsAtTheDeadline(Attack attack) throws Exception {
        registry.answer(attack.route, request -> attack.answer.apply(registry, request));
        PullOptions options = options().timeout(TIMEOUT).readTimeout(Duration.ofMinutes(5)).build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> engine.pull(options, PullListener.NONE))
                .isInstanceOf(PullTimeoutException.class)
                .hasMessageContaining("Raise the")
                .hasMessageContaining("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        assertThat(registry.requests(attack.route)).isNotEmpty();
    }

    @Test
    void testProbeNeverAnswers_readTimeoutApplies() throws Exception {
        registry.answer(Route.PROBE, HostileRegistry.neverAnswers());
        PullOptions options = options().timeout(Duration.ofMinutes(10)).readTimeout(Duration.ofSeconds(1))
                .maxAttempts(2).build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> engine.pull(options, PullListener.NONE))
                .isInstanceOf(RegistryConnectionException.class)
                .isNotInstanceOf(PullTimeoutException.class)
                .hasMessageContaining("Timed out talking to " + registry.hostPort() + " while probing the registry");
        // two attempts of a 1 s read timeout each, not the 60 s the probe used to wait
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
}
