package io.jenkins.registrypull.bench;

import io.jenkins.registrypull.testkit.DockerDaemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How one run of a contender is measured: a command to an engine worker JVM, or a peer process
 * under /usr/bin/time; both with the registry's (and dockerd's) CPU beside it. Also the commands
 * of the peers and the engine's CLI.
 */
final class Measurements {

    private final BenchEnvironment env;
    private final BenchArgs args;

    Measurements(BenchEnvironment env, BenchArgs args) {
        this.env = env;
        this.args = args;
    }

    /** An {@link EngineWorker} JVM under -Xmx64m with its own store; {@code extraFlags} after the defaults. */
    WorkerJvm engineWorker(String name, String... extraFlags) {
        List<String> flags = new ArrayList<>(List.of("-Xmx64m", "-XX:+HeapDumpOnOutOfMemoryError"));
        flags.addAll(List.of(extraFlags));
        DockerDaemon docker = env.docker();
        return new WorkerJvm(env.work(), env.children(), name, EngineWorker.class, flags, env.caPem().toString(),
                env.work().resolve("store-" + name).toString(), docker != null ? docker.host() : "none");
    }

    /** A worker command, measured with the registry's (and dockerd's) CPU beside it. */
    Supplier<Sample> worker(WorkerJvm worker, String command, Runnable before) {
        return () -> {
            if (before != null) {
                before.run();
            }
            DockerDaemon docker = env.docker();
            double reg = Proc.cpuSeconds(env.registry().pid());
            double dockerd = docker != null ? Proc.cpuSeconds(docker.pid()) : 0;
            String[] f = worker.call(command);
            reg = Proc.cpuSeconds(env.registry().pid()) - reg;
            dockerd = docker != null ? Proc.cpuSeconds(docker.pid()) - dockerd : 0;
            return new Sample(Double.parseDouble(f[0]), Double.parseDouble(f[1]), reg,
                    command.contains(" load ") || command.contains(" serve ") ? dockerd : 0, Double.parseDouble(f[2]), 0,
                    f.length > 4 ? Double.parseDouble(f[4]) : 0);
        };
    }

    /** A peer process run under /usr/bin/time: wall measured here, CPU and peak RSS from time(1). */
    Supplier<Sample> command(List<String> command, Map<String, String> environment, Runnable before,
                             boolean countDockerd) {
        return () -> {
            if (before != null) {
                before.run();
            }
            Path work = env.work();
            try {
                Path timeFile = Files.createTempFile(work, "time-", ".txt");
                List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-o", timeFile.toString(), "-f",
                        "%U %S %M"));
                timed.addAll(command);
                ProcessBuilder builder = new ProcessBuilder(timed).redirectErrorStream(true)
                        .redirectOutput(work.resolve("peer.log").toFile());
                builder.environment().putAll(environment);
                DockerDaemon docker = env.docker();
                double reg = Proc.cpuSeconds(env.registry().pid());
                double dockerd = docker != null ? Proc.cpuSeconds(docker.pid()) : 0;
                long started = System.nanoTime();
                Process p = env.children().track(builder.start());
                if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed: "
                            + Files.readString(work.resolve("peer.log")));
                }
                double wall = (System.nanoTime() - started) / 1e9;
                reg = Proc.cpuSeconds(env.registry().pid()) - reg;
                dockerd = docker != null ? Proc.cpuSeconds(docker.pid()) - dockerd : 0;
                String[] t = Files.readString(timeFile).trim().split("\\s+");
                Files.delete(timeFile);
                return new Sample(wall, Double.parseDouble(t[0]) + Double.parseDouble(t[1]), reg,
                        countDockerd ? dockerd : 0, 0, Long.parseLong(t[2]), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }

    /** A step before a run that deletes {@code path} (a peer's output). */
    static Runnable delete(Path path) {
        return () -> {
            try {
                Worker.deleteTree(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Deletes both output and store before a run: a cold pull. */
    static Runnable fresh(Path out, Path store) {
        return () -> {
            delete(out).run();
            delete(store).run();
        };
    }

    List<String> skopeo(String repository, String destination) {
        return List.of(BenchEnvironment.SKOPEO, "copy", "--quiet", "--src-cert-dir", env.certDir().toString(),
                "docker://" + env.ref(repository), destination);
    }

    /** The engine's CLI pulling bench/big into an OCI layout, through bin/registry-pull or {@code java -jar}. */
    List<String> cli(Path out, Path store, boolean viaLauncher) {
        List<String> command = new ArrayList<>();
        if (viaLauncher) {
            command.add(args.launcher().toString());
        } else {
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    args.cliJar().toString()));
        }
        command.addAll(List.of("pull", env.ref("bench/big"), "--output", "oci:" + out, "--store", store.toString(),
                "--ca-cert", env.caPem().toString(), "--quiet"));
        return command;
    }

    /** The environment of a launcher run: the jar to start, and a CDS cache under WORK. */
    Map<String, String> launcherEnvironment() {
        return Map.of("REGISTRY_PULL_JAR", args.cliJar().toString(), "XDG_CACHE_HOME",
                env.work().resolve("cache").toString());
    }
}
