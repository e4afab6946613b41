package io.jenkins.registrypull.bench;

import io.jenkins.registrypull.testkit.DockerDaemon.StorageDriver;
import java.util.List;
import java.util.Map;

/**
 * Into dockerd (issue 15 item 3), alternating in one run: the engine serving the verified image on 127.0.0.1 for a
 * {@code docker pull} from it, the engine streaming into {@code docker load}, and {@code docker pull} from the
 * registry; then the warm re-pull of an image dockerd already has (store warm, only the tag missing) against a
 * {@code docker pull} of an image it has. dockerd's CPU is counted for every contender.
 *
 * <p>All of it twice: on overlay2, the storage driver of almost every real docker installation, and on vfs, the one
 * the tests use. vfs copies each layer's parent tree before unpacking the layer and overlay2 does not, yet for this
 * image (one big file per layer) dockerd spent the same CPU on both (docs/performance.md, run E): its decompressing,
 * hashing and unpacking dominate either way.
 */
record DockerdSection(BenchContext bench) implements Section {

    @Override
    public void run() {
        for (StorageDriver driver : List.of(StorageDriver.OVERLAY2, StorageDriver.VFS)) {
            bench.env().startDocker(driver);
            run(driver.flag());
        }
    }

    private void run(String driver) {
        BenchEnvironment env = bench.env();
        Measurements measure = bench.measure();
        long bytes = env.bigBytes();
        String big = env.ref("bench/big");
        env.trustInDocker();
        try (WorkerJvm worker = measure.engineWorker("dockerd")) {
            String host = env.docker().host();
            Runnable rmi = () -> env.docker().docker("image", "rm", "-f", big);
            List<String> dockerPull = List.of(BenchEnvironment.DOCKER, "--host", host, "pull", "-q", big);
            bench.compare("Into dockerd on " + driver + ": engine (serve on 127.0.0.1, dockerd pulls from it;"
                            + " 3 connections to the registry, as shipped, and 1), engine (streamed docker load) and"
                            + " docker pull", "dockerd " + driver, bytes, List.of(
                            new Contender("engine (serve)", measure.worker(worker, "pull serve " + big
                                    + " none 3 HTTP_1_1", rmi), true),
                            new Contender("engine (serve, 1 connection)", measure.worker(worker, "pull serve " + big
                                    + " none 1 HTTP_1_1", rmi), true),
                            new Contender("engine (load)", measure.worker(worker, "pull load " + big
                                    + " none 3 HTTP_1_1", rmi), true),
                            new Contender("floor of serve: store already full, dockerd's own pull from 127.0.0.1",
                                    measure.worker(worker, "warm serve " + big + " none long", rmi), true),
                            new Contender("floor of load: store already full, dockerd's own docker load",
                                    measure.worker(worker, "warm load " + big + " none long", rmi), true),
                            new Contender("docker pull", measure.command(dockerPull, Map.of(), rmi, true), false)),
                    1, "docker pull", "Target: engine (serve) >= 1.2x docker pull. dockerd 20.10, " + driver
                            + " storage driver; the engine's store is emptied before each of its runs (but for the two"
                            + " floors, which time only dockerd's part: no client can hand dockerd the image"
                            + " faster than these); dockerd's CPU is counted for all (it decompresses and unpacks the"
                            + " layers).");
            worker.call("pull serve " + big + " none 3 HTTP_1_1");
            env.docker().docker("tag", big, "bench/keep:1");
            Runnable untag = () -> env.docker().docker("image", "rm", big); // the image stays (bench/keep:1)
            bench.compare("Warm re-pull into dockerd on " + driver + ": the image is in dockerd and in the store,"
                            + " only its name is missing", "dockerd warm " + driver, bytes, List.of(
                            new Contender("engine (warm: only tagged)", measure.worker(worker, "warm serve " + big
                                    + " none long", untag), true),
                            new Contender("docker pull (image present)", measure.command(dockerPull, Map.of(), null,
                                    true), false)),
                    1, "docker pull (image present)", "Target: engine < 1 s. The engine asks the registry for the"
                            + " manifest, finds every blob in its store, sees the config digest among dockerd's image"
                            + " ids and only tags it. MB/s is not meaningful here.");
            env.docker().docker("image", "rm", "-f", "bench/keep:1");
        } finally {
            env.untrustInDocker();
        }
    }
}
