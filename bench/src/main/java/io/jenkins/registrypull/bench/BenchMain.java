package io.jenkins.registrypull.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark (bench/run.sh runs it): a registry with token auth over TLS on 127.0.0.1, the big
 * image (3 x 200 MiB random layers + a small base) and a compressible one (trees of text files),
 * then, alternating in one run, the engine against skopeo (OCI layout, docker-archive), docker pull
 * (engine + docker load), jib-core (a tar), cold one-shot CLI runs, the tuning sweeps
 * (concurrency, HTTP/1.1 vs HTTP/2, fsync, buffer size), warm re-pulls, cosign verification and
 * the machine's own ceilings. Prints Markdown tables and writes them to WORK/results.md.
 *
 * <p>Every client pulls anonymously: the token server grants anonymous pull on the benchmark
 * repositories, so each client still does the whole token handshake, and no credential exists
 * anywhere (no authfile, no DOCKER_CONFIG).
 *
 * <p>Arguments: see {@link BenchArgs}. Sections: ceilings, sweep, steady, jib, text, oneshot,
 * flags, warm, cosign, cold (issue 15: the first pull in a flagless JVM per crypto choice, the one-shot CLI per
 * launcher choice), ceiling (issue 15: steady state against the disk and TLS ceilings in one alternation), dockerd
 * (issue 15: served pull vs streamed load vs docker pull, warm re-pull) (default: all); "serve" keeps the registry up
 * for experiments by hand.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] arguments) throws Exception {
        BenchArgs args = BenchArgs.parse(arguments);
        try (BenchEnvironment env = new BenchEnvironment(args.work())) {
            run(args, env);
        }
        System.exit(0);
    }

    private static void run(BenchArgs args, BenchEnvironment env) throws Exception {
        Report report = new Report();
        env.start(args.layerMiB(), report);
        if (args.sections().contains("serve")) {
            env.serveForever();
        }
        BenchContext bench = new BenchContext(args, env, report, new AlternatingRunner(report),
                new Measurements(env, args));
        Map<String, Section> sections = sections(bench);
        for (String name : BenchArgs.ALL_SECTIONS) {
            if (!args.sections().contains(name)) {
                continue;
            }
            long t = System.nanoTime();
            sections.get(name).run();
            System.err.printf(Locale.ROOT, "[bench] section %s took %.0f s%n", name, (System.nanoTime() - t) / 1e9);
        }
        report.line("Load average at the end: " + Proc.load1());
        report.writeTo(args.work().resolve("results.md"));
    }

    private static Map<String, Section> sections(BenchContext bench) {
        OneShotSection oneShot = new OneShotSection(bench);
        Map<String, Section> sections = new LinkedHashMap<>();
        sections.put("ceilings", new CeilingsSection(bench));
        sections.put("sweep", new SweepSection(bench));
        sections.put("steady", new SteadySection(bench));
        sections.put("jib", new JibSection(bench));
        sections.put("text", new TextSection(bench));
        sections.put("oneshot", oneShot::cold);
        sections.put("flags", oneShot::flags);
        sections.put("warm", new WarmSection(bench));
        sections.put("cosign", new CosignSection(bench));
        sections.put("cold", new ColdStartSection(bench));
        sections.put("ceiling", new CeilingTargetSection(bench));
        sections.put("dockerd", new DockerdSection(bench));
        return sections;
    }
}
