package io.jenkins.registrypull.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.http.HttpProtocol;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.sink.ContainerEngine;
import io.jenkins.registrypull.sink.DockerArchiveSink;
import io.jenkins.registrypull.sink.EngineLoadSink;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.sink.Sink;
import io.jenkins.registrypull.store.BlobStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The engine as a Jenkins agent runs it: one long-lived JVM (started by the harness with -Xmx64m),
 * one {@link PullEngine} kept across pulls. Arguments: {@code CA_PEM STORE_DIR DOCKER_HOST}.
 * Commands (one per line on stdin):
 * <ul>
 *   <li>{@code pull SINK REF OUT CONCURRENCY PROTOCOL}: empties the store, removes OUT, pulls
 *       (SINK: oci | archive | load); answers {@code bytesDownloaded engineSeconds}</li>
 *   <li>{@code warm SINK REF OUT fresh|long [KEY_PEM]}: keeps the store (a warm re-pull), with a new
 *       engine (fresh, as a CLI run) or the long-lived one; with a cosign key when given</li>
 * </ul>
 */
public final class EngineWorker extends Worker {

    private final ObjectMapper json = new ObjectMapper();
    private final String caPem;
    private final Path store;
    private final String dockerHost;
    private final PullEngine engine = new PullEngine();

    private EngineWorker(String caPem, Path store, String dockerHost) {
        this.caPem = caPem;
        this.store = store;
        this.dockerHost = dockerHost;
    }

    public static void main(String[] args) throws Exception {
        new EngineWorker(Files.readString(Path.of(args[0])), Path.of(args[1]), args.length > 2 ? args[2] : null)
                .serve();
    }

    @Override
    String run(String[] c) throws Exception {
        switch (c[0]) {
            case "pull" -> {
                new BlobStore(store).prune(0);
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
                    try (PullEngine fresh = new PullEngine()) {
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
            default -> throw new IllegalArgumentException("unknown sink " + kind);
        };
    }

    private static String seconds(PullResult result) {
        return String.format(Locale.ROOT, "%.4f", result.duration().toNanos() / 1e9);
    }
}
