package io.jenkins.registrypull.bench;

import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.CosignSigner;
import io.jenkins.registrypull.testkit.DockerDaemon;
import io.jenkins.registrypull.testkit.ImageBuilder;
import io.jenkins.registrypull.testkit.Layer;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TarLayerBuilder;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TokenServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

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
 * <p>Arguments: {@code --work DIR --cli-jar JAR --launcher FILE [--runs N] [--warmup N]
 * [--layer-mib N] [--sections a,b,...]}. Sections: ceilings, sweep, steady, jib, text, oneshot,
 * flags, warm, cosign, cold (issue 15: the first pull in a fresh JVM and the one-shot CLI, each choice a row),
 * ceiling (issue 15: steady state against the disk and TLS ceilings measured beside it) (default: all).
 */
public final class BenchMain {

    private static final String SKOPEO = "/usr/bin/skopeo";
    private static final String DOCKER = DockerDaemon.CLIENT;

    private Path work;
    private Path cliJar;
    private Path launcher;
    private int runs = 5;
    private int warmup = 2;
    private long layerMiB = 200;
    private Set<String> sections = Set.of("ceilings", "sweep", "steady", "jib", "text", "oneshot", "flags", "warm",
            "cosign", "cold", "ceiling");

    private final StringBuilder report = new StringBuilder();
    private RegistryServer registry;
    private TokenServer tokens;
    private DockerDaemon docker;
    private Path certsD;
    private Path caPem;
    private Path certDir;
    private Path trustStore;
    private long bigBytes;
    private BuiltImage bigImage;
    private long textBytes;
    private final List<Process> children = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        BenchMain bench = new BenchMain();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--work" -> bench.work = Path.of(args[++i]).toAbsolutePath();
                case "--cli-jar" -> bench.cliJar = Path.of(args[++i]).toAbsolutePath();
                case "--launcher" -> bench.launcher = Path.of(args[++i]).toAbsolutePath();
                case "--runs" -> bench.runs = Integer.parseInt(args[++i]);
                case "--warmup" -> bench.warmup = Integer.parseInt(args[++i]);
                case "--layer-mib" -> bench.layerMiB = Long.parseLong(args[++i]);
                case "--sections" -> bench.sections = Set.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        try {
            bench.run();
        } finally {
            bench.cleanUp();
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------ set-up

    private void run() throws Exception {
        Files.createDirectories(work);
        line("# Benchmark run " + java.time.Instant.now());
        line("");
        line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + firstLine("uname", "-r")
                + ", Java " + System.getProperty("java.version") + ", " + firstLine(SKOPEO, "--version") + ", "
                + firstLine(DOCKER, "--version") + "; load average at start " + Proc.load1());
        tokens = TokenServer.start();
        registry = RegistryServer.tokenTls(tokens);
        tokens.allowAnonymousPull("bench/big");
        tokens.allowAnonymousPull("bench/text");
        caPem = registry.ca().writeCaPem(work.resolve("ca"));
        certDir = work.resolve("skopeo-certs");
        Files.createDirectories(certDir);
        Files.copy(caPem, certDir.resolve("ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        trustStore = writeTrustStore();

        long started = System.nanoTime();
        Files.createDirectories(work.resolve("images"));
        BuiltImage big = TestImages.big(work.resolve("images"), ManifestFormat.DOCKER, 3, layerMiB * 1024 * 1024);
        BuiltImage text = textImage();
        bigImage = big;
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushImage("bench/big", "1", big);
            pusher.pushImage("bench/text", "1", text);
        }
        bigBytes = big.blobBytes() + big.manifestBytes().length;
        textBytes = text.blobBytes() + text.manifestBytes().length;
        line(String.format(Locale.ROOT, "Images: bench/big:1 %s (%d layers), bench/text:1 %s compressed, %s"
                        + " uncompressed (%d layers of text files); built and pushed in %.0f s. Registry: docker-registry"
                        + " %s, token auth over TLS (anonymous pull tokens for every client), 127.0.0.1:%d.",
                mb(bigBytes), big.layers().size(), mb(textBytes),
                mb(text.layers().stream().mapToLong(Layer::uncompressedSize).sum()), text.layers().size(),
                (System.nanoTime() - started) / 1e9, firstLine(RegistryServer.BINARY, "--version"), registry.port()));
        line("");

        if (sections.contains("serve")) { // for experiments by hand: keep the registry up until killed
            System.err.println("[bench] serving " + ref("bench/big") + " (CA " + caPem + ", skopeo certs " + certDir
                    + ", registry pid " + registry.pid() + "); stop with kill " + ProcessHandle.current().pid());
            Thread.sleep(Long.MAX_VALUE);
        }
        for (String section : List.of("ceilings", "sweep", "steady", "jib", "text", "oneshot", "flags", "warm",
                "cosign", "cold", "ceiling")) {
            if (!sections.contains(section)) {
                continue;
            }
            long t = System.nanoTime();
            switch (section) {
                case "ceilings" -> ceilings();
                case "sweep" -> sweeps();
                case "steady" -> steady();
                case "jib" -> jib();
                case "text" -> textImageRuns();
                case "oneshot" -> oneShot();
                case "flags" -> oneShotFlags();
                case "warm" -> warm();
                case "cosign" -> cosign();
                case "cold" -> {
                    coldFirstPull();
                    coldCli();
                }
                case "ceiling" -> steadyVsCeiling();
                default -> throw new IllegalStateException(section);
            }
            System.err.printf(Locale.ROOT, "[bench] section %s took %.0f s%n", section, (System.nanoTime() - t) / 1e9);
        }
        line("Load average at the end: " + Proc.load1());
        Files.writeString(work.resolve("results.md"), report);
    }

    private String ref(String repository) {
        return registry.hostPort() + "/" + repository + ":1";
    }

    private Path writeTrustStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("bench-ca", registry.ca().caCertificate());
        Path file = work.resolve("jib-trust.p12");
        try (var out = Files.newOutputStream(file)) {
            store.store(out, "changeit".toCharArray()); // a trust store of a public test CA: nothing secret
        }
        return file;
    }

    /** Three layers, each a tree of text files made of words: gzip shrinks them about 3-4 times. */
    private BuiltImage textImage() {
        String[] words = ("registry pull jenkins agent layer blob digest manifest token verify stream store"
                + " container image platform index config archive docker podman skopeo bearer realm scope"
                + " parallel resume retry backoff jitter deadline throughput benchmark").split(" ");
        Random random = new Random(42);
        ImageBuilder builder = new ImageBuilder(ManifestFormat.DOCKER, Platform.LINUX_AMD64);
        long perLayer = Math.max(4, layerMiB / 5) * 1024 * 1024; // 40 MiB of text per layer for the full image
        for (int l = 0; l < 3; l++) {
            TarLayerBuilder layer = new TarLayerBuilder();
            long written = 0;
            int file = 0;
            while (written < perLayer) {
                StringBuilder s = new StringBuilder();
                int lines = 50 + random.nextInt(200);
                for (int i = 0; i < lines; i++) {
                    int n = 5 + random.nextInt(12);
                    for (int w = 0; w < n; w++) {
                        s.append(words[random.nextInt(words.length)]).append(w + 1 < n ? ' ' : '\n');
                    }
                }
                String dir = "src/module" + l + "/pkg" + (file % 97);
                if (file < 97) {
                    layer.directory(dir);
                }
                layer.file(dir + "/File" + file + ".txt", s.toString());
                written += s.length();
                file++;
            }
            builder.layer(layer.build());
        }
        return builder.build();
    }

    // ------------------------------------------------------------------ measurement plumbing

    /** One measured run of one contender. */
    record Sample(double wall, double cpu, double registryCpu, double dockerdCpu, double heapMiB, long rssKiB,
                  double engineSeconds) {
    }

    /** A contender in an alternating comparison. */
    record Contender(String name, Supplier<Sample> run, boolean warmsUp) {
    }

    private Map<String, List<Sample>> alternate(String title, long bytes, List<Contender> contenders, int rounds,
                                                int warmupRounds) {
        System.err.println("[bench] " + title);
        awaitQuiet();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        contenders.forEach(c -> samples.put(c.name(), new ArrayList<>()));
        for (int round = 0; round < warmupRounds + rounds; round++) {
            boolean warming = round < warmupRounds;
            List<Contender> order = new ArrayList<>(contenders);
            if (round % 2 == 1) {
                java.util.Collections.reverse(order); // ABBA: drift hits every contender alike
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

    private void table(String title, long bytes, Map<String, List<Sample>> samples, String baseline, String note) {
        line("### " + title);
        line("");
        if (note != null) {
            line(note);
            line("");
        }
        line("| client | median s | MB/s | vs " + baseline + " | CPU s (client) | registry CPU s | dockerd CPU s"
                + " | heap peak MiB | peak RSS MiB | runs |");
        line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        double baseWall = median(samples.get(baseline), Sample::wall);
        for (var e : samples.entrySet()) {
            List<Sample> s = e.getValue();
            double wall = median(s, Sample::wall);
            line(String.format(Locale.ROOT, "| %s | %.2f | %.0f | %.2fx | %.2f | %.2f | %s | %s | %s | %d |",
                    e.getKey(), wall, bytes / 1e6 / wall, baseWall / wall, median(s, Sample::cpu),
                    median(s, Sample::registryCpu), dash(median(s, Sample::dockerdCpu)),
                    dash(s.stream().mapToDouble(Sample::heapMiB).max().orElse(0)),
                    dash(s.stream().mapToLong(Sample::rssKiB).max().orElse(0) / 1024.0), s.size()));
        }
        line("");
    }

    private static String dash(double v) {
        return v > 0 ? String.format(Locale.ROOT, "%.1f", v) : "-";
    }

    static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
        double[] v = samples.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * Waits (in 60 s steps, at most BENCH_MAX_WAIT_MIN minutes, 5 by default) until the 1-minute load
     * average is below 0.7; then goes on regardless and records the load: alternation spreads what
     * other work does to the machine over every contender alike.
     */
    private void awaitQuiet() {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(Long.parseLong(
                System.getenv().getOrDefault("BENCH_MAX_WAIT_MIN", "5")));
        double load;
        boolean ignore = System.getenv("BENCH_IGNORE_LOAD") != null; // smoke runs of the harness only
        while (!ignore && (load = Proc.load1()) >= 0.7 && System.nanoTime() < until) {
            System.err.printf(Locale.ROOT, "[bench] load average %.2f: waiting for the machine to be quiet%n", load);
            sleep(60_000);
        }
        line(String.format(Locale.ROOT, "_(load average %.2f when this section started)_", Proc.load1()));
        line("");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A long-lived child JVM speaking the Worker protocol. */
    final class WorkerJvm implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final PrintWriter in;

        WorkerJvm(String name, Class<?> main, List<String> jvmFlags, String... args) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmFlags);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(main.getName());
            command.addAll(List.of(args));
            try {
                process = new ProcessBuilder(command).redirectError(work.resolve(name + ".log").toFile()).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            children.add(process);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
            String ready = readLine();
            if (!"READY".equals(ready)) {
                throw new IllegalStateException(name + " did not start: " + ready + "; see " + name + ".log");
            }
        }

        private String readLine() {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long pid() {
            return process.pid();
        }

        /** Sends one command; returns the answer's fields after OK (wall cpu heap extra...). */
        String[] call(String command) {
            in.println(command);
            String answer = readLine();
            if (answer == null || !answer.startsWith("OK ")) {
                throw new IllegalStateException("worker answered '" + answer + "' to '" + command + "'");
            }
            return answer.substring(3).split(" ");
        }

        @Override
        public void close() {
            in.println("quit");
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private WorkerJvm engineWorker(String name, String... extraFlags) {
        List<String> flags = new ArrayList<>(List.of("-Xmx64m", "-XX:+HeapDumpOnOutOfMemoryError"));
        flags.addAll(List.of(extraFlags));
        return new WorkerJvm(name, EngineWorker.class, flags, caPem.toString(), work.resolve("store-" + name).toString(),
                docker != null ? docker.host() : "none");
    }

    /** A worker command, measured with the registry's (and dockerd's) CPU beside it. */
    private Supplier<Sample> worker(WorkerJvm worker, String command, Runnable before) {
        return () -> {
            if (before != null) {
                before.run();
            }
            double reg = Proc.cpuSeconds(registry.pid());
            double dockerd = docker != null ? Proc.cpuSeconds(docker.pid()) : 0;
            String[] f = worker.call(command);
            reg = Proc.cpuSeconds(registry.pid()) - reg;
            dockerd = docker != null ? Proc.cpuSeconds(docker.pid()) - dockerd : 0;
            return new Sample(Double.parseDouble(f[0]), Double.parseDouble(f[1]), reg,
                    command.contains(" load ") ? dockerd : 0, Double.parseDouble(f[2]), 0,
                    f.length > 4 ? Double.parseDouble(f[4]) : 0);
        };
    }

    /** A peer process run under /usr/bin/time: wall measured here, CPU and peak RSS from time(1). */
    private Supplier<Sample> command(List<String> command, Map<String, String> env, Runnable before,
                                     boolean countDockerd) {
        return () -> {
            if (before != null) {
                before.run();
            }
            try {
                Path timeFile = Files.createTempFile(work, "time-", ".txt");
                List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-o", timeFile.toString(), "-f",
                        "%U %S %M"));
                timed.addAll(command);
                ProcessBuilder builder = new ProcessBuilder(timed).redirectErrorStream(true)
                        .redirectOutput(work.resolve("peer.log").toFile());
                builder.environment().putAll(env);
                double reg = Proc.cpuSeconds(registry.pid());
                double dockerd = docker != null ? Proc.cpuSeconds(docker.pid()) : 0;
                long started = System.nanoTime();
                Process p = builder.start();
                children.add(p);
                if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed: "
                            + Files.readString(work.resolve("peer.log")));
                }
                double wall = (System.nanoTime() - started) / 1e9;
                reg = Proc.cpuSeconds(registry.pid()) - reg;
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

    private Runnable delete(Path path) {
        return () -> {
            try {
                Worker.deleteTree(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private List<String> skopeo(String repository, String destination) {
        return List.of(SKOPEO, "copy", "--quiet", "--src-cert-dir", certDir.toString(), "docker://" + ref(repository),
                destination);
    }

    // ------------------------------------------------------------------ sections

    private void ceilings() throws Exception {
        awaitQuiet();
        line("### The machine's own ceilings");
        line("");
        byte[] buffer = new byte[1 << 20];
        new Random(1).nextBytes(buffer);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 2000; i++) { // warm C2 first: this is the steady-state figure
            sha.update(buffer, 0, 65536);
        }
        long n = bigBytes / buffer.length;
        long t = System.nanoTime();
        for (long i = 0; i < n; i++) {
            sha.update(buffer);
        }
        sha.digest();
        double shaRate = n * buffer.length / 1e6 / ((System.nanoTime() - t) / 1e9);
        Path file = work.resolve("disk-ceiling.bin");
        double syncedRate = diskWrite(file, n, buffer, true);
        double unsyncedRate = diskWrite(file, n, buffer, false);
        Files.deleteIfExists(file);
        double curlRate = curlOneLayer();
        line("| ceiling | MB/s |");
        line("| --- | ---: |");
        line(String.format(Locale.ROOT, "| SHA-256 in Java 17 (warm, 1 MiB updates) | %.0f |", shaRate));
        line(String.format(Locale.ROOT, "| disk write of %s + fdatasync | %.0f |", mb(n * buffer.length), syncedRate));
        line(String.format(Locale.ROOT, "| disk write of %s, no sync (page cache) | %.0f |", mb(n * buffer.length),
                unsyncedRate));
        line(String.format(Locale.ROOT, "| curl of one %d MiB layer over TLS to /dev/null (loopback, registry"
                + " sharing the cores) | %.0f |", layerMiB, curlRate));
        line("");
    }

    private static double diskWrite(Path file, long n, byte[] buffer, boolean sync) throws IOException {
        long t = System.nanoTime();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long i = 0; i < n; i++) {
                ch.write(ByteBuffer.wrap(buffer));
            }
            if (sync) {
                ch.force(false);
            }
        }
        return n * buffer.length / 1e6 / ((System.nanoTime() - t) / 1e9);
    }

    private double curlOneLayer() throws Exception {
        // an anonymous pull token, as every client gets one
        var client = registry.ca().trustingClientBuilder().build();
        String tokenUrl = tokens.realm() + "?service=" + tokens.service() + "&scope=repository:bench/big:pull";
        String token;
        try (var response = client.newCall(new okhttp3.Request.Builder().url(tokenUrl).build()).execute()) {
            token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body().string()).get("token")
                    .asText();
        }
        String manifest;
        try (var response = client.newCall(new okhttp3.Request.Builder().url("https://" + registry.hostPort()
                + "/v2/bench/big/manifests/1").header("Authorization", "Bearer " + token)
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json").build()).execute()) {
            manifest = response.body().string();
        }
        var layers = new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest).get("layers");
        String digest = layers.get(layers.size() - 1).get("digest").asText();
        long size = layers.get(layers.size() - 1).get("size").asLong();
        Path headers = work.resolve("curl-headers");
        Files.writeString(headers, "Authorization: Bearer " + token + "\n"); // a short-lived anonymous token
        double best = 0;
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            Process p = new ProcessBuilder("curl", "-s", "-f", "--cacert", caPem.toString(), "-H", "@" + headers,
                    "-o", "/dev/null", "https://" + registry.hostPort() + "/v2/bench/big/blobs/" + digest)
                    .inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("curl failed");
            }
            best = Math.max(best, size / 1e6 / ((System.nanoTime() - t) / 1e9));
        }
        Files.delete(headers);
        return best;
    }

    private void sweeps() {
        String big = ref("bench/big");
        Path out = work.resolve("out-sweep");
        try (WorkerJvm worker = engineWorker("sweep")) {
            List<Contender> contenders = new ArrayList<>();
            for (int c : new int[] {1, 2, 3, 4, 6}) {
                contenders.add(new Contender("HTTP/1.1, " + c + " at once",
                        worker(worker, "pull oci " + big + " " + out + " " + c + " HTTP_1_1", null), true));
            }
            for (int c : new int[] {1, 3, 6}) {
                contenders.add(new Contender("HTTP/2, " + c + " at once",
                        worker(worker, "pull oci " + big + " " + out + " " + c + " HTTP_2", null), true));
            }
            table("Concurrency and protocol (engine into an OCI layout, steady state, one JVM)", bigBytes,
                    alternate("sweep concurrency/protocol", bigBytes, contenders, Math.max(3, runs - 2), 1),
                    "HTTP/1.1, 3 at once", null);
        }
        try (WorkerJvm synced = engineWorker("fsync");
             WorkerJvm unsynced = engineWorker("nofsync", "-Dregistrypull.benchmark.noFsync=true");
             WorkerJvm big256 = engineWorker("buffer256", "-Dregistrypull.benchmark.bufferKiB=256")) {
            Path o1 = work.resolve("out-fsync");
            Path o2 = work.resolve("out-nofsync");
            Path o3 = work.resolve("out-buffer");
            Supplier<Sample> noSync = worker(unsynced, "pull oci " + big + " " + o2 + " 3 HTTP_1_1", null);
            Supplier<Sample> thenSync = () -> {
                Sample s = noSync.get();
                long t = System.nanoTime();
                try {
                    new ProcessBuilder("sync").start().waitFor();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return new Sample(s.wall() + (System.nanoTime() - t) / 1e9, s.cpu(), s.registryCpu(), 0, s.heapMiB(),
                        0, 0);
            };
            table("fsync policy and read buffer (engine into an OCI layout, steady state)", bigBytes,
                    alternate("sweep fsync/buffer", bigBytes, List.of(
                            new Contender("fdatasync per blob before rename, 64 KiB buffer (default)",
                                    worker(synced, "pull oci " + big + " " + o1 + " 3 HTTP_1_1", null), true),
                            new Contender("no fsync (unsafe)", noSync, true),
                            new Contender("no fsync, one sync(1) at the end", thenSync, true),
                            new Contender("fdatasync per blob, 256 KiB buffer",
                                    worker(big256, "pull oci " + big + " " + o3 + " 3 HTTP_1_1", null), true)),
                            Math.max(3, runs - 2), 1),
                    "fdatasync per blob before rename, 64 KiB buffer (default)", null);
        }
    }

    private void steady() {
        String big = ref("bench/big");
        docker = DockerDaemon.start();
        trustInDocker();
        try (WorkerJvm worker = engineWorker("steady")) {
            Path engineOut = work.resolve("out-engine-oci");
            Path skopeoOut = work.resolve("out-skopeo-oci");
            table("Steady state: into an OCI layout", bigBytes, alternate("steady oci", bigBytes, List.of(
                    new Contender("engine (one JVM, -Xmx64m)", worker(worker, "pull oci " + big + " " + engineOut
                            + " 3 HTTP_1_1", null), true),
                    new Contender("skopeo copy oci:", command(skopeo("bench/big", "oci:" + skopeoOut + ":1"), Map.of(),
                            delete(skopeoOut), false), false)), runs, warmup), "skopeo copy oci:",
                    "Target: engine >= 1.5x skopeo (aim 2.0x).");
            Path engineTar = work.resolve("out-engine.tar");
            Path skopeoTar = work.resolve("out-skopeo.tar");
            table("Steady state: into a docker-archive", bigBytes, alternate("steady archive", bigBytes, List.of(
                    new Contender("engine (one JVM, -Xmx64m)", worker(worker, "pull archive " + big + " " + engineTar
                            + " 3 HTTP_1_1", null), true),
                    new Contender("skopeo copy docker-archive:", command(skopeo("bench/big", "docker-archive:"
                            + skopeoTar + ":bench/big:1"), Map.of(), delete(skopeoTar), false), false)), runs, warmup),
                    "skopeo copy docker-archive:", "Target: engine >= 2.0x skopeo. The engine keeps the layers"
                            + " gzip-compressed (docker load accepts them); skopeo decompresses them.");
            Runnable rmi = () -> docker.docker("image", "rm", "-f", big);
            table("Steady state: into dockerd (pull + docker load, streamed) vs docker pull", bigBytes,
                    alternate("steady load", bigBytes, List.of(
                            new Contender("engine + docker load", worker(worker, "pull load " + big + " none 3 HTTP_1_1",
                                    rmi), true),
                            new Contender("docker pull", command(List.of(DOCKER, "--host", docker.host(), "pull", "-q",
                                    big), Map.of(), rmi, true), false)), runs, 1),
                    "docker pull", "Target: engine + load >= 1.3x docker pull. dockerd 20.10, vfs storage driver;"
                            + " dockerd's CPU is counted for both (it decompresses and unpacks the layers).");
        } finally {
            untrustInDocker();
        }
    }

    private void jib() {
        String big = ref("bench/big");
        try (WorkerJvm worker = engineWorker("jib-engine");
             WorkerJvm jib = new WorkerJvm("jib", JibWorker.class, List.of("-Djavax.net.ssl.trustStore=" + trustStore,
                     "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12"),
                     work.resolve("jib-cache").toString())) {
            table("Steady state: engine vs jib-core " + "0.28.1 (both in a long-lived JVM, into a tar)", bigBytes,
                    alternate("jib", bigBytes, List.of(
                            new Contender("engine into a docker-archive (-Xmx64m)", worker(worker, "pull archive " + big
                                    + " " + work.resolve("out-jib-engine.tar") + " 3 HTTP_1_1", null), true),
                            new Contender("jib-core (no heap limit)", worker(jib, "pull " + big + " "
                                    + work.resolve("out-jib.tar"), null), true)), runs, warmup),
                    "jib-core (no heap limit)", "jib-core pulls every base layer into its cache, then writes the"
                            + " tar; its cache is emptied before each pull as the engine's store is.");
        }
    }

    private void textImageRuns() {
        String text = ref("bench/text");
        try (WorkerJvm worker = engineWorker("text")) {
            Path engineOut = work.resolve("out-text-oci");
            Path skopeoOut = work.resolve("out-text-skopeo");
            table("Compressible image (text files): OCI layout", textBytes, alternate("text oci", textBytes, List.of(
                    new Contender("engine", worker(worker, "pull oci " + text + " " + engineOut + " 3 HTTP_1_1", null),
                            true),
                    new Contender("skopeo copy oci:", command(skopeo("bench/text", "oci:" + skopeoOut + ":1"), Map.of(),
                            delete(skopeoOut), false), false)), runs, warmup), "skopeo copy oci:", null);
            Path engineTar = work.resolve("out-text-engine.tar");
            Path skopeoTar = work.resolve("out-text-skopeo.tar");
            table("Compressible image (text files): docker-archive", textBytes, alternate("text archive", textBytes,
                    List.of(new Contender("engine", worker(worker, "pull archive " + text + " " + engineTar
                                    + " 3 HTTP_1_1", null), true),
                            new Contender("skopeo copy docker-archive:", command(skopeo("bench/text", "docker-archive:"
                                    + skopeoTar + ":bench/text:1"), Map.of(), delete(skopeoTar), false), false)),
                            runs, warmup), "skopeo copy docker-archive:", null);
        }
    }

    private List<String> cli(Path out, Path store, boolean viaLauncher) {
        List<String> command = new ArrayList<>();
        if (viaLauncher) {
            command.add(launcher.toString());
        } else {
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    cliJar.toString()));
        }
        command.addAll(List.of("pull", ref("bench/big"), "--output", "oci:" + out, "--store", store.toString(),
                "--ca-cert", caPem.toString(), "--quiet"));
        return command;
    }

    private Runnable fresh(Path out, Path store) {
        return () -> {
            delete(out).run();
            delete(store).run();
        };
    }

    private void oneShot() {
        Path out = work.resolve("out-cli");
        Path store = work.resolve("store-cli");
        Path skopeoOut = work.resolve("out-skopeo-cli");
        Map<String, String> env = Map.of("REGISTRY_PULL_JAR", cliJar.toString(), "XDG_CACHE_HOME",
                work.resolve("cache").toString());
        // one run records the CDS archive, outside the measurement
        command(cli(out, store, true), env, fresh(out, store), false).get();
        table("One-shot CLI in a fresh JVM (cold) vs skopeo into an OCI layout", bigBytes,
                alternate("one-shot", bigBytes, List.of(
                        new Contender("bin/registry-pull (launcher)", command(cli(out, store, true), env,
                                fresh(out, store), false), false),
                        new Contender("java -jar registry-pull.jar (JDK defaults)", command(cli(out, store, false),
                                Map.of(), fresh(out, store), false), false),
                        new Contender("skopeo copy oci:", command(skopeo("bench/big", "oci:" + skopeoOut + ":1"),
                                Map.of(), delete(skopeoOut), false), false)), runs, 0),
                "skopeo copy oci:", "Target: one-shot >= 0.8x skopeo. Wall time of the whole process, JVM start"
                        + " included; fresh store each run.");
    }

    private void oneShotFlags() {
        Path out = work.resolve("out-cli");
        Path store = work.resolve("store-cli");
        Map<String, String> base = Map.of("REGISTRY_PULL_JAR", cliJar.toString(), "XDG_CACHE_HOME",
                work.resolve("cache").toString());
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        variants.put("launcher (all of it)", base);
        variants.put("without the warm-up thread", with(base, "JAVA_TOOL_OPTIONS", "-Dregistrypull.warmup=false"));
        variants.put("without CDS", with(base, "REGISTRY_PULL_CDS", "off"));
        String launcherFlags = "-XX:+UseSerialGC -Xms32m -Xmx256m -XX:-UsePerfData";
        variants.put("G1 instead of Serial", with(base, "REGISTRY_PULL_JAVA_OPTS",
                launcherFlags.replace("-XX:+UseSerialGC", "-XX:+UseG1GC")));
        variants.put("+ CompileThresholdScaling=0.1 (C2 sooner)", with(base, "REGISTRY_PULL_JAVA_OPTS",
                launcherFlags + " -XX:CompileThresholdScaling=0.1"));
        variants.put("+ CompileThresholdScaling=3 (C2 later)", with(base, "REGISTRY_PULL_JAVA_OPTS",
                launcherFlags + " -XX:CompileThresholdScaling=3"));
        variants.put("+ -XX:-TieredCompilation (C2 only)", with(base, "REGISTRY_PULL_JAVA_OPTS",
                launcherFlags + " -XX:-TieredCompilation"));
        List<Contender> contenders = new ArrayList<>();
        for (var v : variants.entrySet()) {
            command(cli(out, store, true), v.getValue(), fresh(out, store), false).get(); // records its CDS archive
            contenders.add(new Contender(v.getKey(), command(cli(out, store, true), v.getValue(), fresh(out, store),
                    false), false));
        }
        table("One-shot CLI: launcher flags, one at a time", bigBytes,
                alternate("one-shot flags", bigBytes, contenders, Math.max(3, runs - 2), 0),
                "launcher (all of it)", null);
    }

    /** Issue 15, target 1: an ephemeral agent's first pull, in a JVM with none of our flags. */
    private void coldFirstPull() {
        Path out = work.resolve("out-cold");
        Path store = work.resolve("store-cold");
        Path skopeoOut = work.resolve("out-skopeo-cold");
        Map<String, String> crypto = new LinkedHashMap<>();
        crypto.put("engine, native SHA-256 and TLS (the default)", "auto");
        crypto.put("engine, native SHA-256 only (JDK TLS)", "sha");
        crypto.put("engine, native TLS only (JDK SHA-256)", "tls");
        crypto.put("engine, JDK crypto only (the portable fallback)", "jdk");
        List<Contender> contenders = new ArrayList<>();
        for (var c : crypto.entrySet()) {
            contenders.add(new Contender(c.getKey(), command(List.of(Path.of(System.getProperty("java.home"), "bin",
                    "java").toString(), "-cp", System.getProperty("java.class.path"), ColdPull.class.getName(),
                    caPem.toString(), store.toString(), out.toString(), ref("bench/big"), c.getValue()), Map.of(),
                    fresh(out, store), false), false));
        }
        contenders.add(new Contender("skopeo copy oci:", command(skopeo("bench/big", "oci:" + skopeoOut + ":1"),
                Map.of(), delete(skopeoOut), false), false));
        table("Cold start: first pull in a fresh JVM with no JVM flags (an ephemeral agent) vs skopeo, into an OCI"
                        + " layout", bigBytes, alternate("cold first pull", bigBytes, contenders, runs, 0),
                "skopeo copy oci:", "Target (issue 15): >= 0.8x skopeo, aim 1.0x. A new JVM per pull running"
                        + " PullEngine (bench ColdPull) with Java " + System.getProperty("java.version")
                        + " and no flags; wall time of the whole process; fresh store each run.");
    }

    /** Issue 15, target 2: bin/registry-pull, each of its choices against skopeo in one alternation. */
    private void coldCli() {
        Path out = work.resolve("out-cli");
        Path store = work.resolve("store-cli");
        Path skopeoOut = work.resolve("out-skopeo-cli");
        Map<String, String> base = Map.of("REGISTRY_PULL_JAR", cliJar.toString(), "XDG_CACHE_HOME",
                work.resolve("cache-cold").toString());
        String flags = "-XX:+UseSerialGC -Xms32m -Xmx256m -XX:-UsePerfData";
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        variants.put("launcher: Java 25 + AOT cache (the default where a Java 25 exists)", base);
        variants.put("launcher: Java 25 + AOT cache, C1 only", with(base, "REGISTRY_PULL_JAVA_OPTS",
                flags + " -XX:TieredStopAtLevel=1"));
        variants.put("launcher: Java 25, no cache", with(base, "REGISTRY_PULL_CDS", "off"));
        variants.put("launcher: Java 17 + CDS (no Java 25 found)", with(base, "REGISTRY_PULL_JAVA_CANDIDATES", ""));
        variants.put("launcher: Java 17 + CDS, C1 only", with(with(base, "REGISTRY_PULL_JAVA_CANDIDATES", ""),
                "REGISTRY_PULL_JAVA_OPTS", flags + " -XX:TieredStopAtLevel=1"));
        List<Contender> contenders = new ArrayList<>();
        for (var v : variants.entrySet()) {
            // one pull records the variant's cache, outside the measurement; the AOT cache is then assembled by a
            // background process, awaited here so that it does not run beside the measured pulls
            command(cli(out, store, true), v.getValue(), fresh(out, store), false).get();
            awaitCacheAssembly(work.resolve("cache-cold").resolve("registry-pull").resolve("aot"));
            contenders.add(new Contender(v.getKey(), command(cli(out, store, true), v.getValue(), fresh(out, store),
                    false), false));
        }
        contenders.add(new Contender("java -jar registry-pull.jar (Java 17, JDK defaults)", command(cli(out, store,
                false), Map.of(), fresh(out, store), false), false));
        contenders.add(new Contender("skopeo copy oci:", command(skopeo("bench/big", "oci:" + skopeoOut + ":1"),
                Map.of(), delete(skopeoOut), false), false));
        table("Cold start: one-shot CLI (bin/registry-pull) vs skopeo into an OCI layout", bigBytes,
                alternate("cold cli", bigBytes, contenders, runs, 0), "skopeo copy oci:",
                "Target (issue 15): >= 1.0x skopeo. Wall time of the whole process, JVM start included; fresh store"
                        + " each run; each launcher variant's cache recorded by one pull before the measurement.");
    }

    /** Waits until no AOT configuration is left in {@code dir}: the launcher's background assembly has ended. */
    private static void awaitCacheAssembly(Path dir) {
        for (int i = 0; i < 600 && Files.isDirectory(dir); i++) {
            try (Stream<Path> files = Files.list(dir)) {
                if (files.noneMatch(f -> f.getFileName().toString().endsWith(".config")
                        || f.getFileName().toString().endsWith(".tmp"))) {
                    return;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sleep(500);
        }
    }

    /**
     * Issue 15, target 4: the engine's steady state against the machine's ceiling, measured in the same
     * alternation: the image's bytes written and fdatasynced, and the image's blobs downloaded over TLS by curl, three
     * at once as the engine does. The ratio is against the slower of the two.
     */
    private void steadyVsCeiling() throws Exception {
        String big = ref("bench/big");
        Path out = work.resolve("out-ceiling");
        byte[] buffer = new byte[1 << 20];
        new Random(2).nextBytes(buffer);
        Path file = work.resolve("disk-ceiling.bin");
        Supplier<Sample> disk = () -> {
            try {
                long t = System.nanoTime();
                diskWrite(file, bigBytes / buffer.length, buffer, true);
                double wall = (System.nanoTime() - t) / 1e9;
                Files.delete(file);
                return new Sample(wall, 0, 0, 0, 0, 0, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        List<String> curl = curlAllBlobs();
        String diskName = "ceiling: disk write of the image's bytes + fdatasync";
        String tlsName = "ceiling: curl of the image's blobs over TLS, 3 at once, to /dev/null";
        try (WorkerJvm worker = engineWorker("ceiling")) {
            Map<String, List<Sample>> samples = alternate("steady vs ceiling", bigBytes, List.of(
                    new Contender("engine (one JVM, -Xmx64m)", worker(worker, "pull oci " + big + " " + out
                            + " 3 HTTP_1_1", null), true),
                    new Contender(diskName, disk, false),
                    new Contender(tlsName, command(curl, Map.of(), null, false), false)), runs, warmup);
            Files.deleteIfExists(work.resolve("curl-headers"));
            String slower = median(samples.get(diskName), Sample::wall) >= median(samples.get(tlsName), Sample::wall)
                    ? diskName : tlsName;
            table("Steady state vs the machine's ceiling, into an OCI layout", bigBytes, samples, slower,
                    "Target (issue 15): engine >= 0.9x of min(synced disk write, TLS loopback download), in the same"
                            + " run. The engine's CPU and heap are its whole pull's; curl's CPU is all its processes'.");
        }
    }

    /** curl fetching every blob of bench/big at once (--parallel, 3 at a time) with an anonymous pull token. */
    private List<String> curlAllBlobs() throws Exception {
        var client = registry.ca().trustingClientBuilder().build();
        String tokenUrl = tokens.realm() + "?service=" + tokens.service() + "&scope=repository:bench/big:pull";
        String token;
        try (var response = client.newCall(new okhttp3.Request.Builder().url(tokenUrl).build()).execute()) {
            token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body().string()).get("token")
                    .asText();
        }
        Path headers = work.resolve("curl-headers");
        Files.writeString(headers, "Authorization: Bearer " + token + "\n"); // a short-lived anonymous token
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-f", "--parallel", "--parallel-max", "3",
                "--cacert", caPem.toString(), "-H", "@" + headers));
        for (var blob : bigImage.blobs()) {
            command.addAll(List.of("-o", "/dev/null", "https://" + registry.hostPort() + "/v2/bench/big/blobs/"
                    + blob.digest()));
        }
        return command;
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.put(key, value);
        return m;
    }

    private void warm() throws Exception {
        String big = ref("bench/big");
        Path out = work.resolve("out-warm");
        try (WorkerJvm worker = engineWorker("warm")) {
            worker.call("pull oci " + big + " " + out + " 3 HTTP_1_1");
            line("### Warm re-pull of an unchanged image (store and output kept)");
            line("");
            awaitQuiet();
            line("| engine | median engine time s | requests to the registry | requests to the token server | runs |");
            line("| --- | ---: | ---: | ---: | ---: |");
            for (String mode : List.of("long", "fresh")) {
                worker.call("warm oci " + big + " " + out + " " + mode); // warm-up
                List<Double> times = new ArrayList<>();
                int registryRequests = 0;
                int tokenRequests = 0;
                for (int i = 0; i < runs; i++) {
                    long before = registryRequests();
                    int tokensBefore = tokens.requests().all().size();
                    String[] f = worker.call("warm oci " + big + " " + out + " " + mode);
                    times.add(Double.parseDouble(f[4]));
                    registryRequests = (int) (registryRequests() - before);
                    tokenRequests = tokens.requests().all().size() - tokensBefore;
                }
                times.sort(Double::compare);
                line(String.format(Locale.ROOT, "| %s | %.3f | %d | %d | %d |", mode.equals("long")
                                ? "long-lived (as on an agent)" : "new PullEngine per pull (as a CLI run)",
                        times.get(times.size() / 2), registryRequests, tokenRequests, runs));
            }
            // the whole one-shot CLI process for a warm re-pull, JVM start included
            Map<String, String> env = Map.of("REGISTRY_PULL_JAR", cliJar.toString(), "XDG_CACHE_HOME",
                    work.resolve("cache").toString());
            Path cliOut = work.resolve("out-cli-warm");
            Path cliStore = work.resolve("store-cli-warm");
            command(cli(cliOut, cliStore, true), env, null, false).get();
            List<Sample> cli = new ArrayList<>();
            int registryRequests = 0;
            int tokenRequests = 0;
            for (int i = 0; i < runs; i++) {
                long before = registryRequests();
                int tokensBefore = tokens.requests().all().size();
                cli.add(command(cli(cliOut, cliStore, true), env, null, false).get());
                registryRequests = (int) (registryRequests() - before);
                tokenRequests = tokens.requests().all().size() - tokensBefore;
            }
            line(String.format(Locale.ROOT, "| bin/registry-pull, whole process (JVM start included) | %.3f (wall) |"
                    + " %d | %d | %d |", median(cli, Sample::wall), registryRequests, tokenRequests, runs));
            line("");
        }
    }

    /** Requests the registry logged so far ("response completed" lines; 401 challenges included). */
    private long registryRequests() throws IOException {
        Path log = registry.rootDir().resolve("registry.log");
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("response completed") || l.contains("authorization token required")
                    || l.contains("token required")).count();
        }
    }

    private void cosign() throws Exception {
        String big = ref("bench/big");
        Path out = work.resolve("out-cosign");
        CosignSigner signer = CosignSigner.generate(CosignSigner.KeyType.ECDSA_P256);
        String digest = bigImage.manifestDigest();
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            CosignSigner.signatureImage(digest, List.of(signer.signSimpleSigning(digest, registry.hostPort()
                    + "/bench/big"))).pushTo(pusher, "bench/big");
        }
        Path key = work.resolve("cosign.pub");
        Files.writeString(key, signer.publicKeyPem());
        try (WorkerJvm worker = engineWorker("cosign")) {
            worker.call("pull oci " + big + " " + out + " 3 HTTP_1_1");
            List<Contender> contenders = List.of(
                    new Contender("warm re-pull, digests only", worker(worker, "warm oci " + big + " " + out + " long",
                            null), true),
                    new Contender("warm re-pull + cosign verify (ECDSA P-256, .sig tag)", worker(worker, "warm oci "
                            + big + " " + out + " long " + key, null), true));
            Map<String, List<Sample>> samples = alternate("cosign", bigBytes, contenders, runs, 1);
            line("### Cost of cosign signature verification on a warm pull (long-lived engine)");
            line("");
            line("| pull | median engine time s |");
            line("| --- | ---: |");
            for (var e : samples.entrySet()) {
                line(String.format(Locale.ROOT, "| %s | %.3f |", e.getKey(), median(e.getValue(),
                        Sample::engineSeconds)));
            }
            line("");
        }
    }

    // ------------------------------------------------------------------ dockerd trust, clean-up, output

    private void trustInDocker() {
        try {
            certsD = Path.of("/etc/docker/certs.d", registry.hostPort());
            Files.createDirectories(certsD);
            Files.copy(caPem, certsD.resolve("ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot let dockerd trust the test CA (run as root)", e);
        }
    }

    private void untrustInDocker() {
        if (certsD != null) {
            try {
                Worker.deleteTree(certsD);
            } catch (IOException ignored) {
                // reported by run.sh's own clean-up
            }
            certsD = null;
        }
    }

    private void cleanUp() {
        for (Process p : children) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        untrustInDocker();
        if (docker != null) {
            docker.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    private void line(String text) {
        report.append(text).append('\n');
        System.out.println(text);
        System.out.flush();
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }

    private static String firstLine(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return out.lines().findFirst().orElse("?");
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }
}
