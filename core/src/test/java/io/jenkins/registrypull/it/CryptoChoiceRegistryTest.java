package io.jenkins.registrypull.it;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.crypto.CryptoChoice;
import io.jenkins.registrypull.error.VerificationException;
import io.jenkins.registrypull.http.HttpProtocol;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TokenServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole pull over TLS from the real registry and its token server with each crypto choice: native SHA-256 and TLS
 * (AWS-LC, BoringSSL), the JDK's, and the fallback an agent without the native libraries takes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CryptoChoiceRegistryTest {

    private TokenServer tokens;
    private RegistryServer registry;

    @TempDir
    Path tmp;

    @BeforeAll
    void start(@TempDir Path images) {
        tokens = TokenServer.start();
        registry = RegistryServer.tokenTls(tokens);
        tokens.allowAnonymousPull("public/big");
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushImage("public/big", "1", TestImages.big(images, ManifestFormat.OCI, 3, 512 * 1024));
            pusher.pushImage("public/big", "small", TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64));
        }
    }

    @AfterAll
    void stop() {
        registry.close();
        tokens.close();
    }

    static Stream<Arguments> choices() {
        CryptoChoice missing = CryptoChoice.choose(
                () -> {
                    throw new UnsatisfiedLinkError("no native library for this platform");
                },
                () -> {
                    throw new UnsatisfiedLinkError("no native library for this platform");
                });
        return Stream.of(
                Arguments.of("native", CryptoChoice.nativeWhereAvailable(), true),
                Arguments.of("jdk", CryptoChoice.jdk(), false),
                Arguments.of("fallback", missing, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("choices")
    void testPullOverTls_http1And2_verifiesEveryBlob(String name, CryptoChoice crypto, boolean nativeCode)
            throws Exception {
        assertThat(crypto.nativeTls()).isEqualTo(nativeCode);
        try (PullEngine engine = new PullEngine(crypto)) {
            for (HttpProtocol protocol : HttpProtocol.values()) {
                Path out = tmp.resolve(name + "-" + protocol);
                PullResult result = engine.pull(PullOptions.builder().image(registry.hostPort() + "/public/big:1")
                        .caCertificatePem(registry.ca().caCertificatePem()).storeDir(tmp.resolve("store-" + name + "-" + protocol))
                        .protocol(protocol).sink(new OciLayoutSink(out, null, new JsonTrees())).build(),
                                PullListener.NONE);

                assertThat(result.layerCount()).isEqualTo(4); // a base layer and 3 random ones
                assertThat(result.bytesDownloaded()).isGreaterThan(3L * 512 * 1024);
                LayoutAssertions.assertBlobsVerify(out);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("choices")
    void testRegistryNotTrusted_isRefused(String name, CryptoChoice crypto, boolean nativeCode) throws Exception {
        try (PullEngine engine = new PullEngine(crypto)) {
            // no CA given: the registry's self-made CA is in no trust store, whichever TLS implementation asks
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.pull(PullOptions.builder()
                            .image(registry.hostPort() + "/public/big:small").storeDir(tmp.resolve("store-untrusted"))
                            .maxAttempts(1).sink(new OciLayoutSink(tmp.resolve("untrusted"), null, new JsonTrees()))
                                    .build(),
                            PullListener.NONE))
                    .isNotInstanceOf(VerificationException.class)
                    .hasMessageContaining(registry.hostPort());
        }
    }
}
