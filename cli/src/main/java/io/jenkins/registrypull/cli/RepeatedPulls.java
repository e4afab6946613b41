package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.store.BlobStore;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code pull --repeat N}: N pulls with one engine in one JVM, as on a long-lived Jenkins agent,
 * so steady state can be measured from a shell. Before each pull after the first, the blob store
 * is emptied ({@link BlobStore#prune} to zero bytes: only blobs no other pull holds) unless
 * {@code --keep-store}, and an OCI layout output directory is removed, so every pull moves every
 * byte. Each pull prints one line on stderr:
 * {@code pull I/N: SECONDS s, MB/s, CPU SECONDS s, BYTES downloaded, heap peak MIB MiB}.
 * CPU is this JVM's user + system time during the pull (all threads, GC and JIT included).
 */
final class RepeatedPulls {

    private final PullEngine engine;
    private final PullOptions options;
    private final boolean keepStore;
    private final PrintWriter err;

    RepeatedPulls(PullEngine engine, PullOptions options, boolean keepStore, PrintWriter err) {
        this.engine = engine;
        this.options = options;
        this.keepStore = keepStore;
        this.err = err;
    }

    PullResult run(int times) throws RegistryException, InterruptedException, IOException {
        PullResult last = null;
        List<Double> rates = new ArrayList<>();
        for (int i = 1; i <= times; i++) {
            if (i > 1) {
                prepareNext();
            }
            resetHeapPeaks();
            long cpuBefore = processCpuNanos();
            long started = System.nanoTime();
            last = engine.pull(options, PullListener.NONE);
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpu = (processCpuNanos() - cpuBefore) / 1e9;
            double rate = last.totalBytes() / 1e6 / seconds;
            rates.add(rate);
            err.println(String.format(Locale.ROOT, "pull %d/%d: %.3f s, %.1f MB/s, CPU %.2f s, %d bytes downloaded,"
                    + " heap peak %.1f MiB", i, times, seconds, rate, cpu, last.bytesDownloaded(),
                    heapPeakBytes() / 1048576.0));
            err.flush();
        }
        List<Double> sorted = rates.stream().sorted().toList();
        err.println(String.format(Locale.ROOT, "median of %d pulls: %.1f MB/s", times, sorted.get(sorted.size() / 2)));
        err.flush();
        return last;
    }

    private void prepareNext() throws IOException, InterruptedException {
        if (!keepStore) {
            new BlobStore(options.storeDir()).prune(0);
        }
        if (!keepStore && options.sink() instanceof OciLayoutSink oci) {
            deleteTree(oci.directory());
        }
    }

    static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    private static void resetHeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks since the last reset (an upper bound of the heap in use at once). */
    static long heapPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
