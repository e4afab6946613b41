package io.jenkins.registrypull.bench;

import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.ImageBuilder;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.TarLayerBuilder;

import java.util.Random;

/** The compressible image: three layers, each a tree of text files made of words; gzip shrinks them about 3-4 times. */
final class TextImage {

    private static final String[] WORDS = ("registry pull jenkins agent layer blob digest manifest token verify stream"
            + " store container image platform index config archive docker podman skopeo bearer realm scope"
            + " parallel resume retry backoff jitter deadline throughput benchmark").split(" ");

    private TextImage() {
    }

    /** About {@code layerMiB / 5} MiB of text per layer (40 MiB for the full image), at least 4. */
    static BuiltImage build(long layerMiB) {
        Random random = new Random(42);
        ImageBuilder builder = new ImageBuilder(ManifestFormat.DOCKER, Platform.LINUX_AMD64);
        long perLayer = Math.max(4, layerMiB / 5) * 1024 * 1024;
        for (int l = 0; l < 3; l++) {
            TarLayerBuilder layer = new TarLayerBuilder();
            long written = 0;
            int file = 0;
            while (written < perLayer) {
                String text = textFile(random);
                String dir = "src/module" + l + "/pkg" + (file % 97);
                if (file < 97) {
                    layer.directory(dir);
                }
                layer.file(dir + "/File" + file + ".txt", text);
                written += text.length();
                file++;
            }
            builder.layer(layer.build());
        }
        return builder.build();
    }

    private static String textFile(Random random) {
        StringBuilder s = new StringBuilder();
        int lines = 50 + random.nextInt(200);
        for (int i = 0; i < lines; i++) {
            int n = 5 + random.nextInt(12);
            for (int w = 0; w < n; w++) {
                s.append(WORDS[random.nextInt(WORDS.length)]).append(w + 1 < n ? ' ' : '\n');
            }
        }
        return s.toString();
    }
}
