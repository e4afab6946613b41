package io.jenkins.registrypull.security;

import io.jenkins.registrypull.testing.ChildJvm;
import io.jenkins.registrypull.testkit.HostileRegistry;
import io.jenkins.registrypull.testkit.HostileRegistry.Route;
import io.jenkins.registrypull.testkit.SecretScan;
import io.jenkins.registrypull.testkit.SecretScanner;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 item 6: after a pull through the token flow, a dump of the child JVM's live heap (after two
 * full GCs) holds no copy of the password (or refresh token) in any form: the OAuth2 form is sent from
 * a buffer the engine wipes, and the Okio segments it went through are scrubbed. Before the fix the
 * form {@code grant_type=password&username=alice&password=...} stayed in a segment of Okio's static
 * segment pool. The same holds for Basic, whose header (base64 of {@code alice:password}) goes with every request.
 */
class SecretHeapTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"password", "identity", "basic"})
    void testNoCopyOfTheSecretInTheLiveHeapAfterThePull(String mode) throws Exception {
        String secret = "pw-" + UUID.randomUUID() + "-s3cr\u00e9t";
        Path dump = tmp.resolve("heap.hprof");
        boolean basic = mode.equals("basic");
        try (HostileRegistry registry = HostileRegistry.start(basic ? HostileRegistry.Auth.BASIC
                : HostileRegistry.Auth.BEARER);
             ChildJvm child = ChildJvm.start(List.of("-Xmx64m"), SecretHeapChild.class, tmp.resolve("child"),
                     registry.image(), tmp.resolve("work").toString(), dump.toString(), mode)) {
            child.send(secret);
            child.closeStdin();
            child.awaitLine("DUMPED", Duration.ofMinutes(2));
            assertThat(child.waitFor(Duration.ofMinutes(1))).isZero();
            // the secret did go out (OAuth2 form, Basic header): the dump is searched for something that was there
            if (basic) {
                assertThat(registry.requests(Route.LAYER)).isNotEmpty()
                        .allSatisfy(r -> assertThat(r.getHeader("Authorization")).startsWith("Basic "));
            } else {
                List<RecordedRequest> tokens = registry.requests(Route.TOKEN);
                assertThat(tokens).isNotEmpty();
                assertThat(tokens.get(0).getMethod()).isEqualTo("POST");
                assertThat(tokens.get(0).getBody().readString(StandardCharsets.UTF_8))
                        .startsWith(mode.equals("password") ? "grant_type=password&username=alice&password="
                                : "grant_type=refresh_token&refresh_token=");
            }
        }
        assertThat(Files.size(dump)).isPositive();
        SecretScanner scanner = !mode.equals("identity")
                ? SecretScanner.builder().basic("alice", "alice", secret).build()
                : SecretScanner.builder().secret("refresh token", secret).build();
        SecretScan scan = scanner.newScan().file(dump, "the live heap after the pull");
        assertThat(scan.hits()).isEmpty();
    }
}
