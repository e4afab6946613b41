package io.jenkins.registrypull.cloud.gcp;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.FakeGoogleTokenEndpoint;
import io.jenkins.registrypull.testkit.Fault;
import io.jenkins.registrypull.testkit.FaultProxy;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pull that outlives Google's access token: tokens live 8 s and the registry's token server stops taking each one
 * when it expires; registry bearer tokens live 3 s, so the pull (slowed to about 12 s) must log in again several
 * times. The renewing credential hands out a fresh Google token before the old one expires: the pull succeeds,
 * Google was asked more than once, and the token server never saw an expired token.
 */
class GoogleTokenRenewalPullTest {

    private static final Duration GOOGLE_TOKEN_LIFETIME = Duration.ofSeconds(8);

    @TempDir
    Path tmp;

    @Test
    void testLongPull_googleTokenRenewedBeforeItExpires() throws Exception {
        BuiltImage image = TestImages.big(tmp, ManifestFormat.OCI, 3, 1024 * 1024);
        AtomicReference<String> current = new AtomicReference<>();
        ScheduledExecutorService expiry = Executors.newSingleThreadScheduledExecutor();
        try (TokenServer tokens = TokenServer.start(); RegistryServer registry = RegistryServer.tokenTls(tokens);
             FaultProxy slow = FaultProxy.start(registry);
             FakeGoogleTokenEndpoint google = FakeGoogleTokenEndpoint.start(token -> {
                 current.set(token);
                 tokens.addUser(new TestUser(GoogleMinters.USERNAME, token));
                 expiry.schedule(() -> {
                     if (current.compareAndSet(token, null)) {
                         tokens.addUser(TestUser.random(GoogleMinters.USERNAME)); // the token stops working
                     }
                 }, GOOGLE_TOKEN_LIFETIME.toMillis(), TimeUnit.MILLISECONDS);
             })) {
            google.lifetime(GOOGLE_TOKEN_LIFETIME);
            tokens.grant(GoogleMinters.USERNAME, "team/app", "pull");
            try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
                pusher.pushImage("team/app", "1.0", image);
            }
            tokens.updateSettings(s -> s.withTtl(Duration.ofSeconds(3)).withCancelRegistryLeeway(true));
            tokens.requests().clear();
            slow.inject(FaultProxy.isBlob(), new Fault.Slow(256 * 1024), Integer.MAX_VALUE);

            PullResult result;
            try (Credential credential = Credential.renewing(GoogleMinters.forIdentity(
                    GoogleIdentity.serviceAccountKey(SecretValue.ofString(google.keyJson())), Map.of()),
                    Clock.systemUTC());
                 PullEngine engine = new PullEngine()) {
                result = engine.pull(PullOptions.builder().image(slow.hostPort() + "/team/app:1.0")
                        .credential(credential).caCertificatePem(registry.ca().caCertificatePem())
                        .concurrency(1).storeDir(tmp.resolve("store"))
                        .sink(new OciLayoutSink(tmp.resolve("out"), null, new JsonTrees())).build(),
                        PullListener.NONE);
            }

            assertThat(result.manifestDigest().toString()).isEqualTo(image.manifestDigest());
            assertThat(google.issuedTokens()).as("Google asked again during the pull").hasSizeGreaterThan(1);
            assertThat(tokens.requests().successfulCount()).as("logged in again during the pull").isGreaterThan(2);
            assertThat(tokens.requests().all()).as("never an expired Google token at the token server")
                    .allMatch(r -> r.succeeded());
        } finally {
            expiry.shutdownNow();
        }
    }
}
