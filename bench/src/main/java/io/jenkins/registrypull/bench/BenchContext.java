package io.jenkins.registrypull.bench;

/** What every section works with: arguments, the scenario, the report, the runner and the measurements. */
record BenchContext(BenchArgs args, BenchEnvironment env, Report report, AlternatingRunner runner,
                    Measurements measure) {
}
