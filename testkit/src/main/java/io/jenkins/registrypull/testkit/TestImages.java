package io.jenkins.registrypull.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ready-made images for the common cases, so tests say what they need in one line.
 *
 * <p>The small image has two layers: a base with directories, files, a hard link and a symlink
 * (plus a file naming its platform, so each platform's image has its own digests), and an upper
 * layer that deletes a base file by whiteout and adds one.
 */
public final class TestImages {

    private TestImages() {
    }

    /** Base layer; {@code platform} goes into {@code etc/platform} so per-platform layers differ. */
    public static Layer baseLayer(Platform platform) {
        return new TarLayerBuilder()
                .directory("bin")
                .directory("etc")
                .file("etc/motd", "registry-pull testkit\n")
                .file("etc/platform", platform + "\n")
                .file("etc/removed.conf", "deleted by the upper layer\n")
                .file("bin/tool", "#!/bin/sh\necho tool\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0755)
                .hardLink("bin/tool-hardlink", "bin/tool")
                .symlink("bin/tool-symlink", "tool")
                .build();
    }

    /** Upper layer: whiteout of {@code etc/removed.conf} and a new file. */
    public static Layer upperLayer() {
        return new TarLayerBuilder()
                .directory("etc")
                .whiteout("etc/removed.conf")
                .file("etc/added.conf", "added by the upper layer\n")
                .build();
    }

    /** A two-layer image (see the class comment). */
    public static BuiltImage small(ManifestFormat format, Platform platform) {
        return new ImageBuilder(format, platform).layer(baseLayer(platform)).layer(upperLayer()).build();
    }

    /** linux/amd64, linux/arm64/v8 and linux/arm/v7 small images under one index (OCI) or manifest list (Docker). */
    public static BuiltIndex multiPlatform(ManifestFormat format) {
        return IndexBuilder.of(format,
                small(format, Platform.LINUX_AMD64),
                small(format, Platform.LINUX_ARM64_V8),
                small(format, Platform.LINUX_ARM_V7));
    }

    /** A linux/amd64 image whose only layer lacks the tar end-of-archive blocks. */
    public static BuiltImage withoutEndOfArchive(ManifestFormat format) {
        Layer layer = new TarLayerBuilder()
                .directory("data")
                .file("data/no-eof.txt", "this layer's tar has no end-of-archive blocks\n")
                .withoutEndOfArchive()
                .build();
        return new ImageBuilder(format, Platform.LINUX_AMD64).layer(layer).build();
    }

    /**
     * A big linux/amd64 image for benchmarks: the small base layer plus {@code randomLayers}
     * random layers of {@code layerSize} bytes each, written to files in {@code dir}
     * (e.g. 3 x 200 MiB). Seeds 1..n, so the same call gives the same digests.
     */
    public static BuiltImage big(Path dir, ManifestFormat format, int randomLayers, long layerSize) {
        List<Layer> layers = new ArrayList<>();
        layers.add(baseLayer(Platform.LINUX_AMD64));
        for (int i = 1; i <= randomLayers; i++) {
            layers.add(RandomLayer.write(dir, layerSize, i));
        }
        return new ImageBuilder(format, Platform.LINUX_AMD64).layers(layers).build();
    }
}
