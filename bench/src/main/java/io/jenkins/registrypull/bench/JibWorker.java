package io.jenkins.registrypull.bench;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;

import java.nio.file.Path;

/**
 * jib-core pulling an image to a docker tar, as a Java team would use it in a long-lived JVM
 * (started with the test CA in a trust store: {@code -Djavax.net.ssl.trustStore}). Argument:
 * {@code CACHE_DIR}. Command: {@code pull REF TAR}: empties jib's caches (as the engine's store is
 * emptied), then {@code Jib.from(REF).containerize(to tar)}, which pulls every base layer into the
 * cache and writes the tar.
 */
public final class JibWorker extends Worker {

    private final Path cache;

    private JibWorker(Path cache) {
        this.cache = cache;
    }

    public static void main(String[] args) throws Exception {
        new JibWorker(Path.of(args[0])).serve();
    }

    @Override
    String run(String[] c) throws Exception {
        if (!c[0].equals("pull")) {
            throw new IllegalArgumentException("unknown command " + c[0]);
        }
        deleteTree(cache);
        Path tar = Path.of(c[2]);
        deleteTree(tar);
        Containerizer to = Containerizer.to(TarImage.at(tar).named("bench/jib:1"))
                .setBaseImageLayersCache(cache.resolve("base"))
                .setApplicationLayersCache(cache.resolve("app"));
        Jib.from(RegistryImage.named(ImageReference.parse(c[1]))).containerize(to);
        return "0 0";
    }
}
