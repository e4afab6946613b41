package io.jenkins.registrypull.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Issue 15, targets 1 and 2 ("cold"): the first pull of an ephemeral agent, in a JVM with none of our flags, per
 * crypto choice; then bin/registry-pull per launcher choice. Each against skopeo in one alternation.
 */
record ColdStartSection(BenchContext bench) implements Section {

    private static final String LAUNCHER_FLAGS = "-XX:+UseSerialGC -Xms32m -Xmx256m -XX:-UsePerfData";

    @Override
    public void run() {
        firstPull(bench.measure(), bench.env());
        cli(bench.measure(), bench.env());
    }

    /** skopeo into a fresh OCI layout at {@code out}: every table's baseline. */
    private static Contender skopeo(Measurements measure, Path out) {
        return new Contender("skopeo copy oci:", measure.command(measure.skopeo("bench/big", "oci:" + out + ":1"),
                Map.of(), Measurements.delete(out), false), false);
    }

    private void firstPull(Measurements measure, BenchEnvironment env) {
        Path out = env.work().resolve("out-cold");
        Path store = env.work().resolve("store-cold");
        Map<String, String> crypto = new LinkedHashMap<>();
        crypto.put("engine, native TLS, the JDK's SHA-256 (the default with C2)", "auto");
        crypto.put("engine, native TLS and SHA-256", "both");
        crypto.put("engine, native SHA-256 only (JDK TLS)", "sha");
        crypto.put("engine, JDK crypto only (the portable fallback)", "jdk");
        List<Contender> contenders = new ArrayList<>();
        for (var c : crypto.entrySet()) {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), ColdPull.class.getName(), env.caPem().toString(),
                    store.toString(), out.toString(), env.ref("bench/big"), c.getValue());
            contenders.add(new Contender(c.getKey(), measure.command(command, Map.of(), Measurements.fresh(out, store),
                    false), false));
        }
        // agents of Jenkins 2.541.x run Java 17 or later: the same default on the newest LTS, where one is installed
        Path java25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        if (Files.isExecutable(java25)) {
            List<String> command = List.of(java25.toString(), "-cp",
                    System.getProperty("java.class.path"), ColdPull.class.getName(), env.caPem().toString(),
                    store.toString(), out.toString(), env.ref("bench/big"), "auto");
            contenders.add(new Contender("engine, the default, on Java 25 (no flags)",
                    measure.command(command, Map.of(), Measurements.fresh(out, store), false), false));
        }
        contenders.add(skopeo(measure, env.work().resolve("out-skopeo-cold")));
        bench.compare("Cold start: first pull in a fresh JVM with no JVM flags (an ephemeral agent) vs skopeo, into an"
                        + " OCI layout", "cold first pull", env.bigBytes(), contenders, 0, "skopeo copy oci:",
                "Target (issue 15): >= 0.8x skopeo, aim 1.0x. A new JVM per pull running PullEngine (bench ColdPull)"
                        + " on Java " + System.getProperty("java.version") + " with no flags; wall time of the whole"
                        + " process; fresh store each run.");
    }

    private void cli(Measurements measure, BenchEnvironment env) {
        Path out = env.work().resolve("out-cli");
        Path store = env.work().resolve("store-cli");
        Path cache = env.work().resolve("cache-cold");
        Map<String, String> base = with(measure.launcherEnvironment(), "XDG_CACHE_HOME", cache.toString());
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        // on this machine (Linux x86-64, glibc) the launcher's default is C1 only, with native SHA-256 and TLS
        variants.put("launcher: Java 25 + AOT cache (the default where a Java 25 exists)", base);
        variants.put("launcher: Java 25 + AOT cache, all JIT tiers (JDK SHA-256)", with(base,
                "REGISTRY_PULL_JAVA_OPTS", LAUNCHER_FLAGS));
        variants.put("launcher: Java 25, no cache", with(base, "REGISTRY_PULL_CDS", "off"));
        Map<String, String> java17 = with(base, "REGISTRY_PULL_JAVA_CANDIDATES", "");
        variants.put("launcher: Java 17 + CDS (no Java 25 found)", java17);
        variants.put("launcher: Java 17 + CDS, all JIT tiers (JDK SHA-256)", with(java17, "REGISTRY_PULL_JAVA_OPTS",
                LAUNCHER_FLAGS));
        List<Contender> contenders = new ArrayList<>();
        for (var v : variants.entrySet()) {
            // one pull records the variant's cache, outside the measurement; the launcher assembles an AOT cache in
            // a background process, awaited here so that it does not run beside the measured pulls
            measure.command(measure.cli(out, store, true), v.getValue(), Measurements.fresh(out, store), false).get();
            awaitCacheAssembly(cache.resolve("registry-pull").resolve("aot"));
            contenders.add(new Contender(v.getKey(), measure.command(measure.cli(out, store, true), v.getValue(),
                    Measurements.fresh(out, store), false), false));
        }
        contenders.add(new Contender("java -jar registry-pull.jar (Java 17, JDK defaults)", measure.command(
                measure.cli(out, store, false), Map.of(), Measurements.fresh(out, store), false), false));
        contenders.add(skopeo(measure, env.work().resolve("out-skopeo-cli")));
        bench.compare("Cold start: one-shot CLI (bin/registry-pull) vs skopeo into an OCI layout", "cold cli",
                env.bigBytes(), contenders, 0, "skopeo copy oci:", "Target (issue 15): >= 1.0x skopeo. Wall time of"
                        + " the whole process, JVM start included; fresh store each run; each launcher variant's cache"
                        + " recorded by one pull before the measurement.");
    }

    /** Waits (at most 5 minutes) until {@code dir} holds no recording or half-written cache: assembly has ended. */
    private static void awaitCacheAssembly(Path dir) {
        for (int i = 0; i < 600 && Files.isDirectory(dir); i++) {
            try (Stream<Path> files = Files.list(dir)) {
                if (files.map(f -> f.getFileName().toString()).noneMatch(f -> f.endsWith(".config")
                        || f.endsWith(".tmp"))) {
                    return;
                }
                Thread.sleep(500);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.put(key, value);
        return m;
    }
}
