package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.testing.ChildJvm;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TokenServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heap stays bounded however large the image: a child JVM with {@code -Xmx48m} pulls 3 x 64 MiB
 * (192 MiB, four times its heap) over TLS with token auth, into an OCI layout and into a
 * docker-archive. No buffer anywhere may hold a blob; if one did, the child would die of
 * OutOfMemoryError. No timing is asserted.
 */
class BoundedHeapTest {

    @TempDir
    Path tmp;

    @Test
    void testPull_192MiBImage_inA48MiBHeap() throws Exception {
        try (TokenServer tokens = TokenServer.start(); RegistryServer registry = RegistryServer.tokenTls(tokens)) {
            tokens.allowAnonymousPull("team/big");
            Files.createDirectories(tmp.resolve("layers"));
            BuiltImage image = TestImages.big(tmp.resolve("layers"), ManifestFormat.OCI, 3, 64L * 1024 * 1024);
            try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
                pusher.pushImage("team/big", "1", image);
            }
            Path ca = registry.ca().writeCaPem(tmp.resolve("ca"));
            try (ChildJvm child = ChildJvm.start(List.of("-Xmx48m", "-XX:+ExitOnOutOfMemoryError"), HeapChild.class,
                    tmp.resolve("child"), registry.hostPort() + "/team/big:1", ca.toString(),
                    tmp.resolve("child").toString())) {
                String result = child.awaitLine("RESULT", Duration.ofMinutes(5));
                assertThat(child.waitFor(Duration.ofMinutes(1))).as(child.describe()).isZero();
                assertThat(result).contains("digest=" + image.manifestDigest())
                        .contains("downloaded=" + 2 * image.blobBytes());
            }
            assertThat(Files.size(tmp.resolve("child/image.tar"))).isGreaterThan(3 * 64L * 1024 * 1024);
        }
    }
}
