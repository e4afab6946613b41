package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.sink.DockerArchiveSink;
import io.jenkins.registrypull.sink.OciLayoutSink;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in a child JVM with a small heap ({@link BoundedHeapTest}): pulls {@code IMAGE} (TLS, CA from
 * {@code CA_FILE}) into an OCI layout and then a docker-archive, and prints
 * {@code RESULT digest=... downloaded=N heapPeakMiB=X}.
 */
public final class HeapChild {

    private HeapChild() {
    }

    public static void main(String[] args) throws Exception {
        String image = args[0];
        String ca = Files.readString(Path.of(args[1]));
        Path work = Path.of(args[2]);
        try (PullEngine engine = new PullEngine()) {
            PullResult oci = engine.pull(PullOptions.builder().image(image).caCertificatePem(ca)
                    .storeDir(work.resolve("store")).sink(new OciLayoutSink(work.resolve("oci"), null, new JsonTrees()))
                    .build(), PullListener.NONE);
            PullResult archive = engine.pull(PullOptions.builder().image(image).caCertificatePem(ca)
                    .storeDir(work.resolve("store2")).sink(new DockerArchiveSink(work.resolve("image.tar"),
                            new JsonTrees()))
                    .build(), PullListener.NONE);
            long peak = 0;
            for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.println("RESULT digest=" + oci.manifestDigest() + " downloaded=" + (oci.bytesDownloaded()
                    + archive.bytesDownloaded()) + " heapPeakMiB=" + peak / (1024 * 1024));
        }
    }
}
