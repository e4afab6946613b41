package io.jenkins.registrypull.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.registrypull.pull.HeapChild;
import io.jenkins.registrypull.testing.ChildJvm;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TokenServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh JVM's pull (token auth over TLS, into an OCI layout and a docker-archive) never builds an ObjectMapper:
 * its binding machinery cost a cold agent JVM 100 ms before the first request (docs/performance.md). The child's
 * class-loading log is the evidence, so the test fails as soon as anything on the pull path creates one again.
 */
class PullPathClassesTest {

    @TempDir
    Path tmp;

    @Test
    void testFirstPull_ofAFreshJvm_loadsNoObjectMapper() throws Exception {
        try (TokenServer tokens = TokenServer.start(); RegistryServer registry = RegistryServer.tokenTls(tokens)) {
            tokens.allowAnonymousPull("team/app");
            BuiltImage image = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
            try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
                pusher.pushImage("team/app", "1", image);
            }
            Path ca = registry.ca().writeCaPem(tmp.resolve("ca"));
            Path classes = tmp.resolve("classes.log");
            try (ChildJvm child = ChildJvm.start(List.of("-Xlog:class+load=info:file=" + classes), HeapChild.class,
                    tmp.resolve("child"), registry.hostPort() + "/team/app:1", ca.toString(),
                    tmp.resolve("child").toString())) {
                String result = child.awaitLine("RESULT", Duration.ofMinutes(2));
                assertThat(child.waitFor(Duration.ofMinutes(1))).as(child.describe()).isZero();
                assertThat(result).contains("digest=" + image.manifestDigest());
            }
            String loaded = Files.readString(classes);
            assertThat(loaded).as("the pull ran through the tree reader and wrote both outputs")
                    .contains(" " + JsonTrees.class.getName() + " ")
                    .contains(" com.fasterxml.jackson.core.JsonFactory ")
                    .contains(" io.jenkins.registrypull.sink.OciLayoutSink ")
                    .contains(" io.jenkins.registrypull.sink.DockerArchiveWriter ");
            assertThat(loaded).doesNotContain(" com.fasterxml.jackson.databind.ObjectMapper ");
        }
    }
}
