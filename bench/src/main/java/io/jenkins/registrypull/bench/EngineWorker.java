package io.jenkins.registrypull.bench;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.http.HttpProtocol;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.pull.PullTuning;
import io.jenkins.registrypull.pull.Sleeper;
import io.jenkins.registrypull.sink.CommandStarter;
import io.jenkins.registrypull.sink.ContainerEngine;
import io.jenkins.registrypull.sink.DockerArchiveSink;
import io.jenkins.registrypull.sink.DockerPullSink;
import io.jenkins.registrypull.sink.EngineLoadSink;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.sink.Sink;
import io.jenkins.registrypull.store.BlobStore;
import io.jenkins.registrypull.store.Durability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * The engine in a long-lived JVM, as on a Jenkins agent (started by the harness with -Xmx64m), with
 * one {@link PullEngine} kept across pulls, or a new one per pull as the plugin makes. Arguments: {@code CA_PEM STORE_DIR DOCKER_HOST}. The sweeps
 * set {@code -D}{@value #BUFFER_KIB_PROPERTY}{@code =N} (the read buffer) and {@code -D}{@value #NO_SYNC_PROPERTY}
 * {@code =true} (no fdatasync per blob) and {@code -D}{@value #WRITEBACK_MIB_PROPERTY}{@code =N} (a background sync
 * every N MiB, 0 none), which become the engine's {@link PullTuning}.
 * Commands (one per line on stdin):
 * <ul>
 *   <li>{@code pull SINK REF OUT CONCURRENCY PROTOCOL}: empties the store, removes OUT, pulls
 *       (SINK: oci | archive | load | serve); answers {@code bytesDownloaded engineSeconds}</li>
 *   <li>{@code warm SINK REF OUT fresh|long [KEY_PEM]}: keeps the store (a warm re-pull), with a new
 *       engine (fresh, as the plugin and a CLI run) or the kept one; with a cosign key when given</li>
 * </ul>
 */
public final class EngineWorker extends Worker {

    static final String BUFFER_KIB_PROPERTY = "bench.bufferKiB";
    static final String NO_SYNC_PROPERTY = "bench.noFsync";
    static final String WRITEBACK_MIB_PROPERTY = "bench.writebackMiB";

    private final JsonTrees json = new JsonTrees();
    private final String caPem;
    private final Path store;
    private final String dockerHost;
    private final PullTuning tuning;
    private final PullEngine engine;

    private EngineWorker(String caPem, Path store, String dockerHost, PullTuning tuning) {
        this.caPem = caPem;
        this.store = store;
        this.dockerHost = dockerHost;
        this.tuning = tuning;
        this.engine = newEngine();
    }

    public static void main(String[] args) throws Exception {
        PullTuning tuning = new PullTuning(Integer.getInteger(BUFFER_KIB_PROPERTY,
                PullTuning.DEFAULT.readBufferBytes() / 1024) * 1024, Boolean.getBoolean(NO_SYNC_PROPERTY)
                ? Durability.NO_SYNC_UNSAFE : Durability.SYNC_EACH_BLOB,
                Long.getLong(WRITEBACK_MIB_PROPERTY, PullTuning.DEFAULT.writebackBytes() / (1024 * 1024)) * 1024 * 1024);
        new EngineWorker(Files.readString(Path.of(args[0])), Path.of(args[1]), args.length > 2 ? args[2] : null,
                tuning).serve();
    }

    private PullEngine newEngine() {
        return new PullEngine(Clock.systemUTC(), Sleeper.SYSTEM, tuning);
    }

    @Override
    String run(String[] c) throws Exception {
        switch (c[0]) {
            case "pull" -> {
                new BlobStore(store, tuning.durability()).prune(0);
                Path out = Path.of(c[3]);
                deleteTree(out);
                PullOptions options = options(c[1], c[2], out).concurrency(Integer.parseInt(c[4]))
                        .protocol(HttpProtocol.valueOf(c[5])).build();
                PullResult result = engine.pull(options, PullListener.NONE);
                return result.bytesDownloaded() + " " + seconds(result);
            }
            case "warm" -> {
                PullOptions.Builder options = options(c[1], c[2], Path.of(c[3]));
                if (c.length > 5) {
                    options.verifyKeyPem(Files.readString(Path.of(c[5]))).requireSignature(true);
                }
                PullResult result;
                if (c[4].equals("fresh")) {
                    try (PullEngine fresh = newEngine()) {
                        result = fresh.pull(options.build(), PullListener.NONE);
                    }
                } else {
                    result = engine.pull(options.build(), PullListener.NONE);
                }
                return result.bytesDownloaded() + " " + seconds(result);
            }
            default -> throw new IllegalArgumentException("unknown command " + c[0]);
        }
    }

    private PullOptions.Builder options(String sink, String ref, Path out) throws Exception {
        return PullOptions.builder().image(ref).caCertificatePem(caPem).storeDir(store).sink(sink(sink, out));
    }

    private Sink sink(String kind, Path out) throws Exception {
        return switch (kind) {
            case "oci" -> new OciLayoutSink(out, null, json);
            case "archive" -> new DockerArchiveSink(out, json);
            case "load" -> new EngineLoadSink(ContainerEngine.docker("/usr/bin/docker", dockerHost), json);
            case "serve" -> new DockerPullSink(ContainerEngine.docker("/usr/bin/docker", dockerHost), json,
                    CommandStarter.LOCAL, line -> System.err.println("[worker] " + line), true);
            default -> throw new IllegalArgumentException("unknown sink " + kind);
        };
    }

    private static String seconds(PullResult result) {
        return String.format(Locale.ROOT, "%.4f", result.duration().toNanos() / 1e9);
    }
}
