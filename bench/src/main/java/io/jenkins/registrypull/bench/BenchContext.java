package io.jenkins.registrypull.bench;

import java.util.List;

/** What every section works with: arguments, the scenario, the report, the runner and the measurements. */
record BenchContext(BenchArgs args, BenchEnvironment env, Report report, AlternatingRunner runner,
                    Measurements measure) {

    /**
     * Alternates {@code contenders} for the configured runs (after {@code warmupRounds}) and adds
     * their table, relative to {@code baseline}, to the report.
     */
    void compare(String title, String progress, long bytes, List<Contender> contenders, int warmupRounds,
                 String baseline, String note) {
        report.table(title, bytes, runner.alternate(progress, bytes, contenders, args.runs(), warmupRounds), baseline,
                note);
    }
}
