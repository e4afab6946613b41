package io.jenkins.registrypull.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The compressible image (text files) against skopeo, into an OCI layout and a docker-archive. */
final class TextSection implements Section {

    private final BenchContext bench;

    TextSection(BenchContext bench) {
        this.bench = bench;
    }

    @Override
    public void run() {
        BenchEnvironment env = bench.env();
        Measurements measure = bench.measure();
        Report report = bench.report();
        AlternatingRunner runner = bench.runner();
        int runs = bench.args().runs();
        int warmup = bench.args().warmup();
        long bytes = env.textBytes();
        String text = env.ref("bench/text");
        Path work = env.work();
        try (WorkerJvm worker = measure.engineWorker("text")) {
            Path engineOut = work.resolve("out-text-oci");
            Path skopeoOut = work.resolve("out-text-skopeo");
            report.table("Compressible image (text files): OCI layout", bytes, runner.alternate("text oci", bytes,
                    List.of(new Contender("engine", measure.worker(worker, "pull oci " + text + " " + engineOut
                                    + " 3 HTTP_1_1", null), true),
                            new Contender("skopeo copy oci:", measure.command(measure.skopeo("bench/text", "oci:"
                                    + skopeoOut + ":1"), Map.of(), Measurements.delete(skopeoOut), false), false)),
                    runs, warmup), "skopeo copy oci:", null);
            Path engineTar = work.resolve("out-text-engine.tar");
            Path skopeoTar = work.resolve("out-text-skopeo.tar");
            report.table("Compressible image (text files): docker-archive", bytes, runner.alternate("text archive",
                    bytes, List.of(new Contender("engine", measure.worker(worker, "pull archive " + text + " "
                                    + engineTar + " 3 HTTP_1_1", null), true),
                            new Contender("skopeo copy docker-archive:", measure.command(measure.skopeo("bench/text",
                                    "docker-archive:" + skopeoTar + ":bench/text:1"), Map.of(),
                                    Measurements.delete(skopeoTar), false), false)),
                            runs, warmup), "skopeo copy docker-archive:", null);
        }
    }
}
