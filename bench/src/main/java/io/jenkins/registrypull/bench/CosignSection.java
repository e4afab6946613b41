package io.jenkins.registrypull.bench;

import io.jenkins.registrypull.testkit.CosignSigner;
import io.jenkins.registrypull.testkit.RegistryPusher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The cost of cosign signature verification on a warm pull, in a long-lived engine. */
record CosignSection(BenchContext bench) implements Section {

    @Override
    public void run() throws Exception {
        BenchEnvironment env = bench.env();
        Report report = bench.report();
        String big = env.ref("bench/big");
        Path out = env.work().resolve("out-cosign");
        CosignSigner signer = CosignSigner.generate(CosignSigner.KeyType.ECDSA_P256);
        String digest = env.bigImage().manifestDigest();
        try (RegistryPusher pusher = RegistryPusher.forRegistry(env.registry())) {
            CosignSigner.signatureImage(digest, List.of(signer.signSimpleSigning(digest, env.registry().hostPort()
                    + "/bench/big"))).pushTo(pusher, "bench/big");
        }
        Path key = env.work().resolve("cosign.pub");
        Files.writeString(key, signer.publicKeyPem());
        Measurements measure = bench.measure();
        try (WorkerJvm worker = measure.engineWorker("cosign")) {
            worker.call("pull oci " + big + " " + out + " 3 HTTP_1_1");
            List<Contender> contenders = List.of(
                    new Contender("warm re-pull, digests only", measure.worker(worker, "warm oci " + big + " " + out
                            + " long", null), true),
                    new Contender("warm re-pull + cosign verify (ECDSA P-256, .sig tag)", measure.worker(worker,
                            "warm oci " + big + " " + out + " long " + key, null), true));
            Map<String, List<Sample>> samples = bench.runner().alternate("cosign", env.bigBytes(), contenders,
                    bench.args().runs(), 1);
            report.line("### Cost of cosign signature verification on a warm pull (long-lived engine)");
            report.line("");
            report.line("| pull | median engine time s |");
            report.line("| --- | ---: |");
            for (var e : samples.entrySet()) {
                report.line(String.format(Locale.ROOT, "| %s | %.3f |", e.getKey(), Sample.median(e.getValue(),
                        Sample::engineSeconds)));
            }
            report.line("");
        }
    }
}
