package io.jenkins.registrypull.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Steady state in a long-lived JVM against the peers: skopeo into an OCI layout and a docker-archive,
 * docker pull against the engine streaming into docker load. Starts dockerd (kept for later sections).
 */
record SteadySection(BenchContext bench) implements Section {

    @Override
    public void run() {
        BenchEnvironment env = bench.env();
        Measurements measure = bench.measure();
        long bytes = env.bigBytes();
        String big = env.ref("bench/big");
        Path work = env.work();
        int warmup = bench.args().warmup();
        env.startDocker();
        env.trustInDocker();
        try (WorkerJvm worker = measure.engineWorker("steady")) {
            Path engineOut = work.resolve("out-engine-oci");
            Path skopeoOut = work.resolve("out-skopeo-oci");
            bench.compare("Steady state: into an OCI layout", "steady oci", bytes, List.of(
                    new Contender("engine (one JVM, -Xmx64m)", measure.worker(worker, "pull oci " + big + " "
                            + engineOut + " 3 HTTP_1_1", null), true),
                    new Contender("skopeo copy oci:", measure.command(measure.skopeo("bench/big", "oci:" + skopeoOut
                            + ":1"), Map.of(), Measurements.delete(skopeoOut), false), false)),
                    warmup, "skopeo copy oci:", "Target: engine >= 1.5x skopeo (aim 2.0x).");
            Path engineTar = work.resolve("out-engine.tar");
            Path skopeoTar = work.resolve("out-skopeo.tar");
            bench.compare("Steady state: into a docker-archive", "steady archive", bytes, List.of(
                    new Contender("engine (one JVM, -Xmx64m)", measure.worker(worker, "pull archive " + big + " "
                            + engineTar + " 3 HTTP_1_1", null), true),
                    new Contender("skopeo copy docker-archive:", measure.command(measure.skopeo("bench/big",
                            "docker-archive:" + skopeoTar + ":bench/big:1"), Map.of(),
                            Measurements.delete(skopeoTar), false), false)),
                    warmup, "skopeo copy docker-archive:", "Target: engine >= 2.0x skopeo. The engine keeps the"
                            + " layers gzip-compressed (docker load accepts them); skopeo decompresses them.");
            Runnable rmi = () -> env.docker().docker("image", "rm", "-f", big);
            bench.compare("Steady state: into dockerd (pull + docker load, streamed) vs docker pull", "steady load",
                    bytes, List.of(
                            new Contender("engine + docker load", measure.worker(worker, "pull load " + big
                                    + " none 3 HTTP_1_1", rmi), true),
                            new Contender("docker pull", measure.command(List.of(BenchEnvironment.DOCKER, "--host",
                                    env.docker().host(), "pull", "-q", big), Map.of(), rmi, true), false)),
                    1, "docker pull", "Target: engine + load >= 1.3x docker pull. dockerd 20.10, vfs storage"
                            + " driver; dockerd's CPU is counted for both (it decompresses and unpacks the layers).");
        } finally {
            env.untrustInDocker();
        }
    }
}
