package io.jenkins.registrypull.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The compressible image (text files) against skopeo, into an OCI layout and a docker-archive. */
record TextSection(BenchContext bench) implements Section {

    @Override
    public void run() {
        Measurements measure = bench.measure();
        long bytes = bench.env().textBytes();
        String text = bench.env().ref("bench/text");
        Path work = bench.env().work();
        int warmup = bench.args().warmup();
        try (WorkerJvm worker = measure.engineWorker("text")) {
            Path engineOut = work.resolve("out-text-oci");
            Path skopeoOut = work.resolve("out-text-skopeo");
            bench.compare("Compressible image (text files): OCI layout", "text oci", bytes, List.of(
                    new Contender("engine", measure.worker(worker, "pull oci " + text + " " + engineOut
                            + " 3 HTTP_1_1", null), true),
                    new Contender("skopeo copy oci:", measure.command(measure.skopeo("bench/text", "oci:" + skopeoOut
                            + ":1"), Map.of(), Measurements.delete(skopeoOut), false), false)),
                    warmup, "skopeo copy oci:", null);
            Path engineTar = work.resolve("out-text-engine.tar");
            Path skopeoTar = work.resolve("out-text-skopeo.tar");
            bench.compare("Compressible image (text files): docker-archive", "text archive", bytes, List.of(
                    new Contender("engine", measure.worker(worker, "pull archive " + text + " " + engineTar
                            + " 3 HTTP_1_1", null), true),
                    new Contender("skopeo copy docker-archive:", measure.command(measure.skopeo("bench/text",
                            "docker-archive:" + skopeoTar + ":bench/text:1"), Map.of(),
                            Measurements.delete(skopeoTar), false), false)),
                    warmup, "skopeo copy docker-archive:", null);
        }
    }
}
