package io.jenkins.plugins.registrypull.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.ImageManifest;
import io.jenkins.registrypull.manifest.Platform;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.reference.ImageReference;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One console line per blob, with size and throughput, or a note that the agent already had it. */
class ConsoleProgressTest {
    @Test
    void testLines() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Descriptor config = Descriptor.of("application/vnd.oci.image.config.v1+json", Digest.sha256("c".getBytes()), 1234);
        Descriptor layer = Descriptor.of("application/vnd.oci.image.layer.v1.tar+gzip", Digest.sha256("l".getBytes()), 12_300_000);
        Descriptor cached = Descriptor.of("application/vnd.oci.image.layer.v1.tar+gzip", Digest.sha256("k".getBytes()), 5_000);
        ImageManifest manifest = new ImageManifest("application/vnd.oci.image.manifest.v1+json", null, config, List.of(layer, cached), null,
                Map.of());
        progress.resolved(new ResolvedImage(ImageReference.parse("reg.example.com/team/app:1.2"), Digest.sha256("i".getBytes()),
                Digest.sha256("m".getBytes()), new byte[10], manifest, Platform.of("linux", "amd64", null)));
        progress.blobDone(config, false, Duration.ofMillis(10));
        progress.blobDone(layer, false, Duration.ofMillis(400));
        progress.blobDone(cached, true, Duration.ZERO);

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).startsWith("Resolved reg.example.com/team/app:1.2 to manifest sha256:")
                .contains("(linux/amd64 from index sha256:").endsWith(": 2 layers, 12.3 MB");
        assertThat(lines.get(1)).matches("  config sha256:[0-9a-f]{12} 1\\.2 kB in 0\\.0 s \\(.*/s\\)");
        assertThat(lines.get(2)).matches("  layer  sha256:[0-9a-f]{12} 12\\.3 MB in 0\\.4 s \\(30\\.[78] MB/s\\)");
        assertThat(lines.get(3)).matches("  layer  sha256:[0-9a-f]{12} 5\\.0 kB already in the agent's blob store");
    }
}
