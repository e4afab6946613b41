package io.jenkins.registrypull.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs contenders in alternating rounds (ABBA), so that drift and other work on the machine hit
 * every contender alike, after waiting (bounded) for a quiet machine.
 */
final class AlternatingRunner {

    private final Report report;

    AlternatingRunner(Report report) {
        this.report = report;
    }

    Map<String, List<Sample>> alternate(String title, long bytes, List<Contender> contenders, int rounds,
                                        int warmupRounds) {
        System.err.println("[bench] " + title);
        awaitQuiet();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        contenders.forEach(c -> samples.put(c.name(), new ArrayList<>()));
        for (int round = 0; round < warmupRounds + rounds; round++) {
            boolean warming = round < warmupRounds;
            List<Contender> order = new ArrayList<>(contenders);
            if (round % 2 == 1) {
                Collections.reverse(order); // ABBA: drift hits every contender alike
            }
            for (Contender c : order) {
                if (warming && !c.warmsUp()) {
                    continue;
                }
                Sample s = c.run().get();
                System.err.printf(Locale.ROOT, "[bench]   %s%s: %.2f s, %.0f MB/s, CPU %.2f s, registry CPU %.2f s%s,"
                                + " load %.2f%n", warming ? "(warm-up) " : "", c.name(), s.wall(), bytes / 1e6 / s.wall(),
                        s.cpu(), s.registryCpu(), s.heapMiB() > 0 ? String.format(Locale.ROOT, ", heap peak %.1f MiB",
                                s.heapMiB()) : "", Proc.load1());
                if (!warming) {
                    samples.get(c.name()).add(s);
                }
            }
        }
        return samples;
    }

    /**
     * Waits (in 60 s steps, at most BENCH_MAX_WAIT_MIN minutes, 5 by default) until the 1-minute load
     * average is below 0.7; then goes on regardless and records the load: alternation spreads what
     * other work does to the machine over every contender alike.
     */
    void awaitQuiet() {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(Long.parseLong(
                System.getenv().getOrDefault("BENCH_MAX_WAIT_MIN", "5")));
        double load;
        boolean ignore = System.getenv("BENCH_IGNORE_LOAD") != null; // smoke runs of the harness only
        while (!ignore && (load = Proc.load1()) >= 0.7 && System.nanoTime() < until) {
            System.err.printf(Locale.ROOT, "[bench] load average %.2f: waiting for the machine to be quiet%n", load);
            sleep(60_000);
        }
        report.line(String.format(Locale.ROOT, "_(load average %.2f when this section started)_", Proc.load1()));
        report.line("");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
