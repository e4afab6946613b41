package io.jenkins.registrypull.bench;

import java.util.List;

/** Steady state against jib-core, both in a long-lived JVM writing a tar. */
record JibSection(BenchContext bench) implements Section {

    @Override
    public void run() {
        BenchEnvironment env = bench.env();
        Measurements measure = bench.measure();
        String big = env.ref("bench/big");
        try (WorkerJvm worker = measure.engineWorker("jib-engine");
             WorkerJvm jib = new WorkerJvm(env.work(), env.children(), "jib", JibWorker.class, List.of(
                     "-Djavax.net.ssl.trustStore=" + env.trustStore(), "-Djavax.net.ssl.trustStorePassword=changeit",
                     "-Djavax.net.ssl.trustStoreType=PKCS12"), env.work().resolve("jib-cache").toString())) {
            bench.compare("Steady state: engine vs jib-core " + "0.28.1 (both in a long-lived JVM, into a tar)",
                    "jib", env.bigBytes(), List.of(
                            new Contender("engine into a docker-archive (-Xmx64m)", measure.worker(worker,
                                    "pull archive " + big + " " + env.work().resolve("out-jib-engine.tar")
                                            + " 3 HTTP_1_1", null), true),
                            new Contender("jib-core (no heap limit)", measure.worker(jib, "pull " + big + " "
                                    + env.work().resolve("out-jib.tar"), null), true)),
                    bench.args().warmup(), "jib-core (no heap limit)", "jib-core pulls every base layer into its"
                            + " cache, then writes the tar; its cache is emptied before each pull as the engine's"
                            + " store is.");
        }
    }
}
