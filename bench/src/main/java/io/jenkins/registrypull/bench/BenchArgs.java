package io.jenkins.registrypull.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The harness's arguments: {@code --work DIR --cli-jar JAR --launcher FILE [--runs N] [--warmup N]
 * [--layer-mib N] [--sections a,b,...]}.
 */
record BenchArgs(Path work, Path cliJar, Path launcher, int runs, int warmup, long layerMiB, Set<String> sections) {

    /** Every section, in the order they run. */
    static final List<String> ALL_SECTIONS = List.of("ceilings", "sweep", "steady", "jib", "text", "oneshot", "flags",
            "warm", "cosign", "cold", "ceiling", "dockerd");

    static BenchArgs parse(String[] args) {
        Path work = null;
        Path cliJar = null;
        Path launcher = null;
        int runs = 5;
        int warmup = 2;
        long layerMiB = 200;
        Set<String> sections = Set.copyOf(ALL_SECTIONS);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--work" -> work = Path.of(args[++i]).toAbsolutePath();
                case "--cli-jar" -> cliJar = Path.of(args[++i]).toAbsolutePath();
                case "--launcher" -> launcher = Path.of(args[++i]).toAbsolutePath();
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--layer-mib" -> layerMiB = Long.parseLong(args[++i]);
                case "--sections" -> sections = Set.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        return new BenchArgs(work, cliJar, launcher, runs, warmup, layerMiB, sections);
    }

    /** Rounds for the sweeps, which have many contenders: fewer than {@link #runs}, at least 3. */
    int sweepRounds() {
        return Math.max(3, runs - 2);
    }
}
