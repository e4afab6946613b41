package io.jenkins.registrypull.security;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.InvalidRegistryAnswerException;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.error.PullTimeoutException;
import io.jenkins.registrypull.error.RedirectRefusedException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.UnsupportedAuthenticationException;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testkit.ConnectionCounter;
import io.jenkins.registrypull.testkit.HostileRegistry;
import io.jenkins.registrypull.testkit.HostileRegistry.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The attacks of issue 17 (items 1, 8 and 11) against the engine, one hostile answer each; the
 * deadline attacks are in {@link HostileDeadlineTest}. Metadata addresses are never contacted: the
 * engine must refuse them before connecting, and where a target is needed it is a loopback port that
 * counts connections.
 */
class HostileRegistryTest {

    @TempDir
    Path tmp;

    private final List<Duration> waits = new ArrayList<>();
    private final PullEngine engine = new PullEngine(Clock.systemUTC(), waits::add);
    private HostileRegistry registry;
    private final ConnectionCounter otherPort = ConnectionCounter.start();

    @AfterEach
    void stop() {
        engine.close();
        if (registry != null) {
            registry.close();
        }
        otherPort.close();
    }

    private HostileRegistry start(HostileRegistry.Auth auth) {
        registry = HostileRegistry.start(auth);
        return registry;
    }

    private PullResult pull(Credential credential) throws Exception {
        return engine.pull(PullOptions.builder().image(registry.image()).insecure(true).credential(credential)
                .storeDir(tmp.resolve("store")).sink(new OciLayoutSink(tmp.resolve("out"), null, new JsonTrees()))
                .timeout(Duration.ofMinutes(2)).build(), PullListener.NONE);
    }

    private PullResult pull() throws Exception {
        return pull(Credential.usernamePassword("alice", SecretValue.ofString("alice-password-123")));
    }

    @Test
    void testHonestRegistry_pulls() throws Exception {
        start(HostileRegistry.Auth.BEARER);
        assertThat(pull().manifestDigest().toString()).isEqualTo(registry.builtImage().manifestDigest());
    }

    // ---- item 1: SSRF through the first probe ----

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://[::ffff:169.254.169.254]/latest/",
            "http://[::ffff:a9fe:a9fe]/", "http://100.100.100.200/latest/meta-data/", "http://[fd00:ec2::254]/",
            "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a9fe:a9fe::]/", "http://168.63.129.16/machine",
            "https://169.254.169.254/latest/meta-data/"})
    void testProbeRedirectedToMetadata_refusedBeforeAnyConnection(String location) {
        start(HostileRegistry.Auth.BEARER).answer(Route.PROBE, HostileRegistry.redirect(location));
        assertThatThrownBy(this::pull)
                .isInstanceOf(RedirectRefusedException.class)
                .hasMessageContaining("a link-local or cloud metadata address; it is never contacted");
        assertThat(registry.requests()).hasSize(1); // the probe, and nothing after it
    }

    @Test
    void testProbeRedirectedToAnotherPort_refusedAsAnotherServer() {
        start(HostileRegistry.Auth.BEARER).answer(Route.PROBE,
                HostileRegistry.redirect("http://127.0.0.1:" + otherPort.port() + "/v2/"));
        assertThatThrownBy(this::pull)
                .isInstanceOf(RedirectRefusedException.class)
                .hasMessageContaining("another server (a different scheme, host or port)");
        assertThat(otherPort.connections()).isZero();
    }

    @Test
    void testProbeRedirectedWithinTheRegistry_followed() throws Exception {
        start(HostileRegistry.Auth.NONE).answer(Route.PROBE, request -> request.getPath().equals("/v2/")
                ? HostileRegistry.redirect("/v2") : HostileRegistry.json("{}"));
        assertThat(pull(Credential.anonymous()).manifestDigest().toString())
                .isEqualTo(registry.builtImage().manifestDigest());
    }

    @Test
    void testTokenRealmRedirectedToAnotherPort_credentialsNeverFollow() {
        start(HostileRegistry.Auth.BEARER).answer(Route.TOKEN,
                HostileRegistry.redirect("http://127.0.0.1:" + otherPort.port() + "/collect"));
        assertThatThrownBy(this::pull)
                .isInstanceOf(RedirectRefusedException.class)
                .hasMessageContaining("Token requests carry credentials, so they are not redirected");
        assertThat(otherPort.connections()).isZero();
    }

    @Test
    void testManifestRedirectedToMetadata_refused() {
        start(HostileRegistry.Auth.BEARER).answer(Route.MANIFEST,
                HostileRegistry.redirect("http://[::ffff:169.254.169.254]/latest/meta-data/"));
        assertThatThrownBy(this::pull).isInstanceOf(RedirectRefusedException.class);
    }

    @Test
    void testBlobRedirectedToAnotherPort_followedWithoutCredentials() throws Exception {
        try (HostileRegistry storage = HostileRegistry.start(HostileRegistry.Auth.NONE)) {
            start(HostileRegistry.Auth.BEARER).answer(Route.LAYER, request -> HostileRegistry.redirect(
                    "http://" + storage.hostPort() + request.getPath()));
            pull();
            assertThat(storage.requests(Route.LAYER)).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getHeader("Authorization")).isNull());
        }
    }

    // ---- item 8: raw Java errors from registry input ----

    @ParameterizedTest
    @ValueSource(strings = {"1e30", "9223372036854775807", "99999999999999999999999", "-5", "0", "\"soon\"", "1.5"})
    void testExtremeExpiresIn_clampedAndPulled(String expiresIn) throws Exception {
        start(HostileRegistry.Auth.BEARER).answer(Route.TOKEN, HostileRegistry.json("{\"token\":\""
                + HostileRegistry.TOKEN + "\",\"expires_in\":" + expiresIn + "}"));
        assertThat(pull().manifestDigest().toString()).isEqualTo(registry.builtImage().manifestDigest());
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775807", "99999999999999999999", "9223372036854775808"})
    void testHugeRetryAfter_clearDeadlineError(String retryAfter) {
        start(HostileRegistry.Auth.BEARER).answer(Route.MANIFEST, HostileRegistry.tooManyRequests(retryAfter));
        assertThatThrownBy(this::pull)
                .isInstanceOf(PullTimeoutException.class)
                .hasMessageContaining("the registry's Retry-After")
                .hasMessageContaining("Raise the pull's timeout or retry later");
        assertThat(waits).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tok\\nen", "tok\\r\\nX-Injected: 1", "t\u00f6k\u00e9n", "tok en", "tok\\u0000en"})
    void testTokenUnfitForAHeader_clearError(String token) {
        start(HostileRegistry.Auth.BEARER).answer(Route.TOKEN, HostileRegistry.json("{\"token\":\"" + token + "\"}"));
        assertThatThrownBy(this::pull)
                .isInstanceOf(InvalidRegistryAnswerException.class)
                .hasMessageStartingWith("The token server answered with something that is not a token (a token"
                        + " holding spaces, control or non-ASCII characters");
        assertThat(registry.requests(Route.MANIFEST)).isEmpty(); // no request went out with it
    }

    @Test
    void testHugeChallengeService_clearError() {
        String service = "s".repeat(100_000);
        start(HostileRegistry.Auth.BEARER).answer(Route.PROBE,
                HostileRegistry.challenge(registry.bearerChallenge(service)));
        assertThatThrownBy(this::pull)
                .isInstanceOf(InvalidRegistryAnswerException.class)
                .hasMessageContaining("challenge whose 'service' is 100000 characters long");
        assertThat(registry.requests(Route.TOKEN)).isEmpty();
    }

    // ---- item 11: messages ----

    @Test
    void testTokenAnswerNotJson_clearErrorNotRetried() {
        start(HostileRegistry.Auth.BEARER).answer(Route.TOKEN, HostileRegistry.json("<html>login</html>"));
        assertThatThrownBy(this::pull)
                .isInstanceOf(InvalidRegistryAnswerException.class)
                .hasMessageStartingWith("The token server answered with something that is not a token (an answer"
                        + " that is not JSON)")
                .hasMessageNotContaining("network");
        // the password grant, then the Basic GET: each once, no retries
        assertThat(registry.requests(Route.TOKEN)).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void testTokenAnswerOf10MiB_clearErrorNotRetried() {
        start(HostileRegistry.Auth.BEARER).answer(Route.TOKEN, HostileRegistry.bigBody(10L * 1024 * 1024));
        assertThatThrownBy(this::pull)
                .isInstanceOf(InvalidRegistryAnswerException.class)
                .hasMessageContaining("not a token (an answer of 10485760 bytes, over the 1024 KiB accepted)");
        assertThat(registry.requests(Route.TOKEN)).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void testTokenAnswerOf10MiBWithoutLength_clearError() {
        start(HostileRegistry.Auth.BEARER).answer(Route.TOKEN, HostileRegistry.bigBody(10L * 1024 * 1024)
                .setChunkedBody("x".repeat(2 * 1024 * 1024), 64 * 1024));
        assertThatThrownBy(this::pull)
                .isInstanceOf(InvalidRegistryAnswerException.class)
                .hasMessageContaining("not a token (an answer of more than 1024 KiB)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Negotiate", "NTLM", "Negotiate abc==, NTLM", "Digest realm=\"r\", nonce=\"n\""})
    void testUnsupportedSchemeOnlyOnProbe_saysSoNotCredentialsRefused(String challenge) {
        start(HostileRegistry.Auth.BEARER).answer(Route.PROBE, HostileRegistry.challenge(challenge));
        String scheme = challenge.split("[ ,]")[0];
        assertThatThrownBy(this::pull)
                .isInstanceOf(UnsupportedAuthenticationException.class)
                .hasMessageContaining("asks for " + scheme)
                .hasMessageContaining("authentication, which is not supported; supported: Basic, Bearer")
                .hasMessageNotContaining("did not accept the credentials");
    }

    @Test
    void testNegotiateOnlyOnTheManifest_saysSoNotCredentialsRefused() {
        start(HostileRegistry.Auth.NONE).answer(Route.MANIFEST, HostileRegistry.challenge("Negotiate"));
        assertThatThrownBy(this::pull)
                .isInstanceOf(UnsupportedAuthenticationException.class)
                .hasMessageContaining("asks for Negotiate authentication, which is not supported; supported: Basic,"
                        + " Bearer. No credentials were sent.");
    }

    @Test
    void testRetryAdvice_givenOnce() {
        start(HostileRegistry.Auth.NONE).answer(Route.MANIFEST, HostileRegistry.error(503, "UNAVAILABLE"));
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(this::pull);
        assertThat(failure).isInstanceOf(RegistryException.class).hasMessageStartingWith("Gave up after 5 attempts.");
        String message = failure.getMessage().toLowerCase(java.util.Locale.ROOT);
        assertThat(message.split("retry", -1)).as(failure.getMessage()).hasSize(2);
        assertThat(message.split("check", -1)).as(failure.getMessage()).hasSize(2);
    }

    @Test
    void testConnectionFailureRetryAdvice_givenOnce() {
        start(HostileRegistry.Auth.NONE).answer(Route.MANIFEST, new okhttp3.mockwebserver.MockResponse()
                .setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.DISCONNECT_AFTER_REQUEST));
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(this::pull);
        assertThat(failure).isInstanceOf(RegistryException.class).hasMessageStartingWith("Gave up after 5 attempts.");
        String message = failure.getMessage().toLowerCase(java.util.Locale.ROOT);
        assertThat(message.split("retry", -1)).as(failure.getMessage()).hasSize(2);
    }
}
