package io.jenkins.registrypull.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one-shot CLI in a fresh JVM (cold) against skopeo ("oneshot"), and the launcher's flags one at a time ("flags"). */
final class OneShotSection {

    private static final String LAUNCHER_FLAGS = "-XX:+UseSerialGC -Xms32m -Xmx256m -XX:-UsePerfData";

    private final BenchContext bench;

    OneShotSection(BenchContext bench) {
        this.bench = bench;
    }

    void cold() {
        Measurements measure = bench.measure();
        long bytes = bench.env().bigBytes();
        Path work = bench.env().work();
        Path out = work.resolve("out-cli");
        Path store = work.resolve("store-cli");
        Path skopeoOut = work.resolve("out-skopeo-cli");
        Map<String, String> env = measure.launcherEnvironment();
        // one run records the CDS archive, outside the measurement
        measure.command(measure.cli(out, store, true), env, Measurements.fresh(out, store), false).get();
        bench.compare("One-shot CLI in a fresh JVM (cold) vs skopeo into an OCI layout", "one-shot", bytes,
                List.of(
                        new Contender("bin/registry-pull (launcher)", measure.command(measure.cli(out, store, true),
                                env, Measurements.fresh(out, store), false), false),
                        new Contender("java -jar registry-pull.jar (JDK defaults)", measure.command(
                                measure.cli(out, store, false), Map.of(), Measurements.fresh(out, store), false),
                                false),
                        new Contender("skopeo copy oci:", measure.command(measure.skopeo("bench/big", "oci:"
                                + skopeoOut + ":1"), Map.of(), Measurements.delete(skopeoOut), false), false)),
                0, "skopeo copy oci:", "Target: one-shot >= 0.8x skopeo. Wall time of the whole process, JVM start"
                        + " included; fresh store each run.");
    }

    void flags() {
        Measurements measure = bench.measure();
        Path work = bench.env().work();
        Path out = work.resolve("out-cli");
        Path store = work.resolve("store-cli");
        Map<String, String> base = measure.launcherEnvironment();
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        variants.put("launcher (all of it)", base);
        variants.put("without the warm-up thread", with(base, "JAVA_TOOL_OPTIONS", "-Dregistrypull.warmup=false"));
        variants.put("without CDS", with(base, "REGISTRY_PULL_CDS", "off"));
        variants.put("G1 instead of Serial", with(base, "REGISTRY_PULL_JAVA_OPTS",
                LAUNCHER_FLAGS.replace("-XX:+UseSerialGC", "-XX:+UseG1GC")));
        variants.put("+ CompileThresholdScaling=0.1 (C2 sooner)", with(base, "REGISTRY_PULL_JAVA_OPTS",
                LAUNCHER_FLAGS + " -XX:CompileThresholdScaling=0.1"));
        variants.put("+ CompileThresholdScaling=3 (C2 later)", with(base, "REGISTRY_PULL_JAVA_OPTS",
                LAUNCHER_FLAGS + " -XX:CompileThresholdScaling=3"));
        variants.put("+ -XX:-TieredCompilation (C2 only)", with(base, "REGISTRY_PULL_JAVA_OPTS",
                LAUNCHER_FLAGS + " -XX:-TieredCompilation"));
        List<Contender> contenders = new ArrayList<>();
        for (var v : variants.entrySet()) {
            // records its CDS archive
            measure.command(measure.cli(out, store, true), v.getValue(), Measurements.fresh(out, store), false).get();
            contenders.add(new Contender(v.getKey(), measure.command(measure.cli(out, store, true), v.getValue(),
                    Measurements.fresh(out, store), false), false));
        }
        long bytes = bench.env().bigBytes();
        bench.report().table("One-shot CLI: launcher flags, one at a time", bytes,
                bench.runner().alternate("one-shot flags", bytes, contenders, bench.args().sweepRounds(), 0),
                "launcher (all of it)", null);
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.put(key, value);
        return m;
    }
}
