package io.jenkins.registrypull.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The engine's tuning sweeps: concurrency and HTTP protocol; fsync policy and read buffer size. */
record SweepSection(BenchContext bench) implements Section {

    @Override
    public void run() {
        concurrencyAndProtocol();
        fsyncAndBuffer();
    }

    private void concurrencyAndProtocol() {
        Measurements measure = bench.measure();
        long bytes = bench.env().bigBytes();
        String big = bench.env().ref("bench/big");
        Path out = bench.env().work().resolve("out-sweep");
        try (WorkerJvm worker = measure.engineWorker("sweep")) {
            List<Contender> contenders = new ArrayList<>();
            for (int c : new int[] {1, 2, 3, 4, 6}) {
                contenders.add(new Contender("HTTP/1.1, " + c + " at once",
                        measure.worker(worker, "pull oci " + big + " " + out + " " + c + " HTTP_1_1", null), true));
            }
            for (int c : new int[] {1, 3, 6}) {
                contenders.add(new Contender("HTTP/2, " + c + " at once",
                        measure.worker(worker, "pull oci " + big + " " + out + " " + c + " HTTP_2", null), true));
            }
            bench.report().table("Concurrency and protocol (engine into an OCI layout, steady state, one JVM)", bytes,
                    bench.runner().alternate("sweep concurrency/protocol", bytes, contenders,
                            bench.args().sweepRounds(), 1),
                    "HTTP/1.1, 3 at once", null);
        }
    }

    private void fsyncAndBuffer() {
        Measurements measure = bench.measure();
        long bytes = bench.env().bigBytes();
        String big = bench.env().ref("bench/big");
        Path work = bench.env().work();
        try (WorkerJvm synced = measure.engineWorker("fsync");
             WorkerJvm unsynced = measure.engineWorker("nofsync", "-D" + EngineWorker.NO_SYNC_PROPERTY
                     + "=true");
             WorkerJvm big256 = measure.engineWorker("buffer256", "-D" + EngineWorker.BUFFER_KIB_PROPERTY
                     + "=256")) {
            Path o1 = work.resolve("out-fsync");
            Path o2 = work.resolve("out-nofsync");
            Path o3 = work.resolve("out-buffer");
            Supplier<Sample> noSync = measure.worker(unsynced, "pull oci " + big + " " + o2 + " 3 HTTP_1_1", null);
            Supplier<Sample> thenSync = () -> {
                Sample s = noSync.get();
                long t = System.nanoTime();
                try {
                    new ProcessBuilder("sync").start().waitFor();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return new Sample(s.wall() + (System.nanoTime() - t) / 1e9, s.cpu(), s.registryCpu(), 0, s.heapMiB(),
                        0, 0);
            };
            String baseline = "fdatasync per blob before rename, 64 KiB buffer (default)";
            bench.report().table("fsync policy and read buffer (engine into an OCI layout, steady state)", bytes,
                    bench.runner().alternate("sweep fsync/buffer", bytes, List.of(
                            new Contender(baseline,
                                    measure.worker(synced, "pull oci " + big + " " + o1 + " 3 HTTP_1_1", null), true),
                            new Contender("no fsync (unsafe)", noSync, true),
                            new Contender("no fsync, one sync(1) at the end", thenSync, true),
                            new Contender("fdatasync per blob, 256 KiB buffer",
                                    measure.worker(big256, "pull oci " + big + " " + o3 + " 3 HTTP_1_1", null), true)),
                            bench.args().sweepRounds(), 1),
                    baseline, null);
        }
    }
}
