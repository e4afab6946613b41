package io.jenkins.registrypull.api;

import io.jenkins.registrypull.json.JsonTrees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.UnauthorizedException;
import io.jenkins.registrypull.manifest.MediaType;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testing.FakeMinter;
import io.jenkins.registrypull.testing.MockRegistry;
import io.jenkins.registrypull.testing.MockRegistry.Auth;
import io.jenkins.registrypull.testing.MutableClock;
import io.jenkins.registrypull.testing.TinyImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A minted ({@link Credential.Renewing}) credential through the engine: resolved at each use, renewed before it
 * expires between pulls, renewed once when the registry or its token server refuses it.
 */
class RenewingCredentialPullTest {
    @TempDir
    Path tmp;

    private MockRegistry registry;
    private MutableClock clock;
    private PullEngine engine;
    private final TinyImage image = new TinyImage(1, 2, 1000, MediaType.DOCKER_MANIFEST);

    @BeforeEach
    void setUp() throws Exception {
        registry = MockRegistry.https();
        registry.username = "AWS";
        registry.password = "minted-secret-2";
        image.pushTo(registry, "team/app", "1.0");
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        engine = new PullEngine(clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        registry.close();
    }

    private PullResult pull(Credential credential, String out) throws Exception {
        PullOptions options = PullOptions.builder().image(registry.hostPort() + "/team/app:1.0")
                .credential(credential).caCertificatePem(registry.caPem()).storeDir(tmp.resolve("store"))
                .sink(new OciLayoutSink(tmp.resolve(out), null, new JsonTrees())).build();
        return engine.pull(options, PullListener.NONE);
    }

    private static boolean carries(RecordedRequest request, String password) {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("AWS:" + password)
                .getBytes(StandardCharsets.UTF_8));
        return basic.equals(request.getHeader("Authorization"))
                || request.getBody().clone().readUtf8().contains(password);
    }

    private FakeMinter minter() {
        return new FakeMinter(clock, Duration.ofHours(12), "AWS", n -> "minted-secret-" + n);
    }

    @ParameterizedTest
    @EnumSource(value = Auth.class, names = {"BASIC", "BEARER"})
    void testRefusedMintedCredential_renewedOnce_pullSucceeds(Auth auth) throws Exception {
        registry.auth = auth; // the registry takes only the second minted password
        FakeMinter minter = minter();
        try (Credential credential = Credential.renewing(minter, clock)) {
            PullResult result = pull(credential, "out");

            assertThat(result.layerCount()).isEqualTo(2);
            assertThat(minter.mints()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Auth.class, names = {"BASIC", "BEARER"})
    void testEveryMintRefused_oneRenewalOnly_errorNamesTheMinter(Auth auth) {
        registry.auth = auth;
        registry.password = "never-minted";
        FakeMinter minter = minter();
        try (Credential credential = Credential.renewing(minter, clock)) {
            assertThatThrownBy(() -> pull(credential, "out"))
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("fake token for AWS")
                    .hasMessageNotContaining("minted-secret");
            assertThat(minter.mints()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Auth.class, names = {"BASIC", "BEARER"})
    void testExpiryBetweenPulls_renewedBeforeUse_noRefusalNeeded(Auth auth) throws Exception {
        registry.auth = auth;
        registry.password = "minted-secret-1";
        FakeMinter minter = minter();
        try (Credential credential = Credential.renewing(minter, clock)) {
            pull(credential, "out1");
            clock.advance(Duration.ofHours(11).plusMinutes(1)); // inside the 72 min margin of the 12 h token
            registry.password = "minted-secret-2"; // the registry no longer takes the first one
            registry.revokeTokens();

            int before = registry.requests.size();
            pull(credential, "out2");

            assertThat(minter.mints()).isEqualTo(2);
            assertThat(registry.requests.subList(before, registry.requests.size()))
                    .as("after the clock passed the renewal time, the old password is never sent")
                    .noneMatch(r -> carries(r, "minted-secret-1"))
                    .anyMatch(r -> carries(r, "minted-secret-2"));
        }
    }
}
