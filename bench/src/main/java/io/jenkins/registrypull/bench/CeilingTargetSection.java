package io.jenkins.registrypull.bench;

import io.jenkins.registrypull.pull.PullTuning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Issue 15, target 4 ("ceiling"): the engine's steady state against the machine's ceiling, measured in the same
 * alternation: the image's bytes written and fdatasynced, and the image's blobs downloaded over TLS by curl, three at
 * once as the engine fetches them. The ratio is against the slower of the two.
 */
record CeilingTargetSection(BenchContext bench) implements Section {

    private static final String DISK = "ceiling: disk write of the image's bytes + fdatasync";
    private static final String DISK_ON_THE_WAY = "for comparison: the same write, synced on the way every 8 MiB as"
            + " the engine does";
    private static final String TLS = "ceiling: curl of the image's blobs over TLS, 3 at once, to /dev/null";

    @Override
    public void run() throws Exception {
        BenchEnvironment env = bench.env();
        Measurements measure = bench.measure();
        long bytes = env.bigBytes();
        Path headers = env.work().resolve("curl-headers");
        Files.writeString(headers, "Authorization: Bearer " + CeilingsSection.anonymousPullToken(env) + "\n");
        try (WorkerJvm worker = measure.engineWorker("ceiling");
             WorkerJvm lateSync = measure.engineWorker("ceiling-late-sync", "-D" + EngineWorker.WRITEBACK_MIB_PROPERTY
                     + "=0")) {
            Map<String, List<Sample>> samples = bench.runner().alternate("steady vs ceiling", bytes, List.of(
                    new Contender("engine (one JVM, -Xmx64m)", measure.worker(worker, "pull oci " + env.ref("bench/big")
                            + " " + env.work().resolve("out-ceiling") + " 3 HTTP_1_1", null), true),
                    new Contender("engine without early writeback (each blob synced only before its rename)",
                            measure.worker(lateSync, "pull oci " + env.ref("bench/big") + " "
                                    + env.work().resolve("out-ceiling-late") + " 3 HTTP_1_1", null), true),
                    new Contender(DISK, diskWrite(env.work().resolve("disk-ceiling.bin"), bytes, false), false),
                    new Contender(DISK_ON_THE_WAY, diskWrite(env.work().resolve("disk-ceiling.bin"), bytes, true),
                            false),
                    new Contender(TLS, measure.command(curl(headers), Map.of(), null, false), false)),
                    bench.args().runs(), bench.args().warmup());
            String slower = Sample.median(samples.get(DISK), Sample::wall)
                    >= Sample.median(samples.get(TLS), Sample::wall) ? DISK : TLS;
            bench.report().table("Steady state vs the machine's ceiling, into an OCI layout", bytes, samples, slower,
                    "Target (issue 15): engine >= 0.9x of min(synced disk write, TLS loopback download), measured"
                            + " in the same alternation; the ratio column is against the slower ceiling.");
        } finally {
            Files.deleteIfExists(headers);
        }
    }

    private static Supplier<Sample> diskWrite(Path file, long bytes, boolean syncOnTheWay) {
        byte[] buffer = new byte[1 << 20];
        new Random(2).nextBytes(buffer);
        return () -> {
            try {
                long started = System.nanoTime();
                if (syncOnTheWay) {
                    CeilingsSection.diskWriteSyncingOnTheWay(file, bytes / buffer.length, buffer,
                            PullTuning.DEFAULT.writebackBytes());
                } else {
                    CeilingsSection.diskWrite(file, bytes / buffer.length, buffer, true);
                }
                double wall = (System.nanoTime() - started) / 1e9;
                Files.delete(file);
                return new Sample(wall, 0, 0, 0, 0, 0, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** curl fetching every blob of bench/big, three at a time (--parallel), with an anonymous pull token. */
    private List<String> curl(Path headers) {
        BenchEnvironment env = bench.env();
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-f", "--parallel", "--parallel-max", "3",
                "--cacert", env.caPem().toString(), "-H", "@" + headers));
        for (var blob : env.bigImage().blobs()) {
            command.addAll(List.of("-o", "/dev/null", "https://" + env.registry().hostPort() + "/v2/bench/big/blobs/"
                    + blob.digest()));
        }
        return command;
    }
}
