package io.jenkins.registrypull.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Warm re-pulls of an unchanged image (store and output kept): a long-lived engine, a new engine per
 * pull, and the whole one-shot CLI process; with the requests each made to the registry and the
 * token server.
 */
final class WarmSection implements Section {

    private final BenchContext bench;

    WarmSection(BenchContext bench) {
        this.bench = bench;
    }

    @Override
    public void run() throws Exception {
        BenchEnvironment env = bench.env();
        Report report = bench.report();
        int runs = bench.args().runs();
        String big = env.ref("bench/big");
        Path out = env.work().resolve("out-warm");
        try (WorkerJvm worker = bench.measure().engineWorker("warm")) {
            worker.call("pull oci " + big + " " + out + " 3 HTTP_1_1");
            report.line("### Warm re-pull of an unchanged image (store and output kept)");
            report.line("");
            bench.runner().awaitQuiet();
            report.line("| engine | median engine time s | requests to the registry | requests to the token server"
                    + " | runs |");
            report.line("| --- | ---: | ---: | ---: | ---: |");
            for (String mode : List.of("long", "fresh")) {
                worker.call("warm oci " + big + " " + out + " " + mode); // warm-up
                List<Double> times = new ArrayList<>();
                int registryRequests = 0;
                int tokenRequests = 0;
                for (int i = 0; i < runs; i++) {
                    long before = registryRequests();
                    int tokensBefore = env.tokens().requests().all().size();
                    String[] f = worker.call("warm oci " + big + " " + out + " " + mode);
                    times.add(Double.parseDouble(f[4]));
                    registryRequests = (int) (registryRequests() - before);
                    tokenRequests = env.tokens().requests().all().size() - tokensBefore;
                }
                times.sort(Double::compare);
                report.line(String.format(Locale.ROOT, "| %s | %.3f | %d | %d | %d |", mode.equals("long")
                                ? "long-lived (as on an agent)" : "new PullEngine per pull (as a CLI run)",
                        times.get(times.size() / 2), registryRequests, tokenRequests, runs));
            }
            wholeCliProcess();
            report.line("");
        }
    }

    /** The whole one-shot CLI process for a warm re-pull, JVM start included. */
    private void wholeCliProcess() throws IOException {
        BenchEnvironment env = bench.env();
        Measurements measure = bench.measure();
        int runs = bench.args().runs();
        Map<String, String> environment = measure.launcherEnvironment();
        Path cliOut = env.work().resolve("out-cli-warm");
        Path cliStore = env.work().resolve("store-cli-warm");
        measure.command(measure.cli(cliOut, cliStore, true), environment, null, false).get();
        List<Sample> cli = new ArrayList<>();
        int registryRequests = 0;
        int tokenRequests = 0;
        for (int i = 0; i < runs; i++) {
            long before = registryRequests();
            int tokensBefore = env.tokens().requests().all().size();
            cli.add(measure.command(measure.cli(cliOut, cliStore, true), environment, null, false).get());
            registryRequests = (int) (registryRequests() - before);
            tokenRequests = env.tokens().requests().all().size() - tokensBefore;
        }
        bench.report().line(String.format(Locale.ROOT, "| bin/registry-pull, whole process (JVM start included) |"
                + " %.3f (wall) | %d | %d | %d |", Sample.median(cli, Sample::wall), registryRequests, tokenRequests,
                runs));
    }

    /** Requests the registry logged so far ("response completed" lines; 401 challenges included). */
    private long registryRequests() throws IOException {
        Path log = bench.env().registry().rootDir().resolve("registry.log");
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("response completed") || l.contains("authorization token required")
                    || l.contains("token required")).count();
        }
    }
}
