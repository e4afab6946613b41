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
record WarmSection(BenchContext bench) implements Section {

    /** Requests one run made to the registry and to the token server. */
    private record Requests(int registry, int tokens) {
    }

    @Override
    public void run() throws Exception {
        Report report = bench.report();
        int runs = bench.args().runs();
        String big = bench.env().ref("bench/big");
        Path out = bench.env().work().resolve("out-warm");
        try (WorkerJvm worker = bench.measure().engineWorker("warm")) {
            worker.call("pull oci " + big + " " + out + " 3 HTTP_1_1");
            report.line("### Warm re-pull of an unchanged image (store and output kept)");
            report.line("");
            bench.runner().awaitQuiet();
            report.line("| engine | median engine time s | requests to the registry | requests to the token server"
                    + " | runs |");
            report.line("| --- | ---: | ---: | ---: | ---: |");
            for (String mode : List.of("long", "fresh")) {
                String command = "warm oci " + big + " " + out + " " + mode;
                worker.call(command); // warm-up
                List<Double> times = new ArrayList<>();
                Requests requests = null;
                for (int i = 0; i < runs; i++) {
                    requests = during(() -> times.add(Double.parseDouble(worker.call(command)[4])));
                }
                times.sort(Double::compare);
                report.line(String.format(Locale.ROOT, "| %s | %.3f | %s | %d |", mode.equals("long")
                                ? "one PullEngine kept across pulls (a library user, pull --repeat)"
                                : "new PullEngine per pull in a warm JVM (as the plugin on an agent)",
                        times.get(times.size() / 2), cells(requests), runs));
            }
            wholeCliProcess();
            report.line("");
        }
    }

    /** The whole one-shot CLI process for a warm re-pull, JVM start included. */
    private void wholeCliProcess() throws IOException {
        Measurements measure = bench.measure();
        int runs = bench.args().runs();
        Map<String, String> environment = measure.launcherEnvironment();
        List<String> cli = measure.cli(bench.env().work().resolve("out-cli-warm"),
                bench.env().work().resolve("store-cli-warm"), true);
        measure.command(cli, environment, null, false).get();
        List<Sample> samples = new ArrayList<>();
        Requests requests = null;
        for (int i = 0; i < runs; i++) {
            requests = during(() -> samples.add(measure.command(cli, environment, null, false).get()));
        }
        bench.report().line(String.format(Locale.ROOT, "| bin/registry-pull, whole process (JVM start included) |"
                + " %.3f (wall) | %s | %d |", Sample.median(samples, Sample::wall), cells(requests), runs));
    }

    private static String cells(Requests requests) {
        return requests == null ? "0 | 0" : requests.registry() + " | " + requests.tokens();
    }

    private Requests during(Runnable action) throws IOException {
        long before = registryRequests();
        int tokensBefore = bench.env().tokens().requests().all().size();
        action.run();
        return new Requests((int) (registryRequests() - before),
                bench.env().tokens().requests().all().size() - tokensBefore);
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
