package io.jenkins.registrypull.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.store.Writeback;
import okhttp3.Request;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Random;

/** The machine's own ceilings: SHA-256, disk writes with and without fdatasync, curl of one layer. */
record CeilingsSection(BenchContext bench) implements Section {

    @Override
    public void run() throws Exception {
        Report report = bench.report();
        bench.runner().awaitQuiet();
        report.line("### The machine's own ceilings");
        report.line("");
        byte[] buffer = new byte[1 << 20];
        new Random(1).nextBytes(buffer);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 2000; i++) { // warm C2 first: this is the steady-state figure
            sha.update(buffer, 0, 65536);
        }
        long n = bench.env().bigBytes() / buffer.length;
        long t = System.nanoTime();
        for (long i = 0; i < n; i++) {
            sha.update(buffer);
        }
        sha.digest();
        double shaRate = n * buffer.length / 1e6 / ((System.nanoTime() - t) / 1e9);
        Path file = bench.env().work().resolve("disk-ceiling.bin");
        double syncedRate = diskWrite(file, n, buffer, true);
        double unsyncedRate = diskWrite(file, n, buffer, false);
        Files.deleteIfExists(file);
        double curlRate = curlOneLayer();
        report.line("| ceiling | MB/s |");
        report.line("| --- | ---: |");
        report.line(String.format(Locale.ROOT, "| SHA-256 in Java 17 (warm, 1 MiB updates) | %.0f |", shaRate));
        report.line(String.format(Locale.ROOT, "| disk write of %s + fdatasync | %.0f |", Report.mb(n * buffer.length),
                syncedRate));
        report.line(String.format(Locale.ROOT, "| disk write of %s, no sync (page cache) | %.0f |",
                Report.mb(n * buffer.length), unsyncedRate));
        report.line(String.format(Locale.ROOT, "| curl of one %d MiB layer over TLS to /dev/null (loopback, registry"
                + " sharing the cores) | %.0f |", bench.args().layerMiB(), curlRate));
        report.line("");
    }

    /** Writes {@code n} times {@code buffer} to {@code file} (fdatasynced at the end when {@code sync}); MB/s. */
    static double diskWrite(Path file, long n, byte[] buffer, boolean sync) throws IOException {
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

    /**
     * As {@link #diskWrite} with {@code sync}, but synced on the way by the engine's own {@link Writeback} (an
     * fdatasync on another thread after every {@code everyBytes}), then once at the end; MB/s.
     */
    static double diskWriteSyncingOnTheWay(Path file, long n, byte[] buffer, long everyBytes) throws IOException {
        long t = System.nanoTime();
        try (Writeback writeback = Writeback.every(everyBytes);
             FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            Writeback.Tracker tracker = writeback.track(ch);
            for (long i = 0; i < n; i++) {
                ch.write(ByteBuffer.wrap(buffer));
                tracker.wrote(buffer.length);
            }
            tracker.finish();
            ch.force(false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return n * buffer.length / 1e6 / ((System.nanoTime() - t) / 1e9);
    }

    /** An anonymous pull token for bench/big, as every client gets one. */
    static String anonymousPullToken(BenchEnvironment env) throws IOException {
        var client = env.registry().ca().trustingClientBuilder().build();
        String tokenUrl = env.tokens().realm() + "?service=" + env.tokens().service()
                + "&scope=repository:bench/big:pull";
        try (var response = client.newCall(new Request.Builder().url(tokenUrl).build()).execute()) {
            return new ObjectMapper().readTree(response.body().string()).get("token").asText();
        }
    }

    private double curlOneLayer() throws Exception {
        BenchEnvironment env = bench.env();
        var client = env.registry().ca().trustingClientBuilder().build();
        ObjectMapper json = new ObjectMapper();
        String token = anonymousPullToken(env);
        String hostPort = env.registry().hostPort();
        String manifest;
        try (var response = client.newCall(new Request.Builder().url("https://" + hostPort
                + "/v2/bench/big/manifests/1").header("Authorization", "Bearer " + token)
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json").build()).execute()) {
            manifest = response.body().string();
        }
        var layers = json.readTree(manifest).get("layers");
        String digest = layers.get(layers.size() - 1).get("digest").asText();
        long size = layers.get(layers.size() - 1).get("size").asLong();
        Path headers = env.work().resolve("curl-headers");
        Files.writeString(headers, "Authorization: Bearer " + token + "\n"); // a short-lived anonymous token
        double best = 0;
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            Process p = new ProcessBuilder("curl", "-s", "-f", "--cacert", env.caPem().toString(), "-H",
                    "@" + headers, "-o", "/dev/null", "https://" + hostPort + "/v2/bench/big/blobs/" + digest)
                    .inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("curl failed");
            }
            best = Math.max(best, size / 1e6 / ((System.nanoTime() - t) / 1e9));
        }
        Files.delete(headers);
        return best;
    }
}
