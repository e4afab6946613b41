package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.crypto.CryptoChoice;
import io.jenkins.registrypull.error.PullTimeoutException;
import io.jenkins.registrypull.error.LocalStorageException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.VerificationException;
import io.jenkins.registrypull.http.Deadline;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.ImageConfig;
import io.jenkins.registrypull.manifest.ManifestParser;
import io.jenkins.registrypull.manifest.Platform;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.mirror.ServedFrom;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.registry.RegistryClient;
import io.jenkins.registrypull.sink.SinkResult;
import io.jenkins.registrypull.sink.SinkSession;
import io.jenkins.registrypull.store.BlobLease;
import io.jenkins.registrypull.store.BlobStore;
import io.jenkins.registrypull.store.Writeback;
import io.jenkins.registrypull.verify.CosignVerifier;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The flow of one pull, with no HTTP detail: resolve the manifest, fetch the config and layers
 * (in parallel, each verified into the store), hand each verified blob to the sink as it
 * completes, commit the sink, report.
 */
public final class Puller {

    private final JsonTrees json;
    private final Clock clock;
    private final Sleeper sleeper;
    private final PullTuning tuning;
    private final CryptoChoice crypto;

    /**
     * @param sleeper waits between retries (tests record the waits instead)
     * @param tuning  read buffer, durability and writeback ({@link PullTuning#DEFAULT} but in the benchmark)
     */
    public Puller(JsonTrees json, Clock clock, Sleeper sleeper, PullTuning tuning) {
        this(json, clock, sleeper, tuning, CryptoChoice.jdk());
    }

    /**
     * @param tuning read buffer, durability and writeback ({@link PullTuning#DEFAULT} but in the benchmark)
     * @param crypto the SHA-256 downloaded blobs are hashed with
     */
    public Puller(JsonTrees json, Clock clock, Sleeper sleeper, PullTuning tuning, CryptoChoice crypto) {
        this.json = json;
        this.clock = clock;
        this.sleeper = sleeper;
        this.tuning = tuning;
        this.crypto = crypto;
    }

    /**
     * One place to pull from. A pull tries them in order (mirrors, then the registry), as registries.conf says.
     *
     * @param url    {@code scheme://host/repository}, for logs and the result
     * @param mirror a mirror: tried once per request, and any failure moves on to the next source
     */
    public record Source(RegistryClient client, String url, boolean mirror) {
    }

    public PullResult pull(PullOptions options, RegistryClient client, PullListener listener)
            throws RegistryException, InterruptedException {
        return pull(options, client, listener, Deadline.after(clock, options.timeout()));
    }

    /** @param pullDeadline the deadline {@code client}'s calls are bounded by */
    public PullResult pull(PullOptions options, RegistryClient client, PullListener listener, Deadline pullDeadline)
            throws RegistryException, InterruptedException {
        return pull(options, List.of(new Source(client, client.host() + "/" + options.reference().repository(),
                false)), listener, pullDeadline);
    }

    /**
     * Pulls from the first source that serves a manifest that verifies (digest over the raw bytes, the pinned or
     * expected digest, the signature when a key is given); the blobs come from that source, and from the sources
     * after it should it fail. A mirror gets one attempt per request: a connection failure, 5xx, 429, 404, a
     * refused login or a mismatching answer moves on, and the listener is told why.
     *
     * @param pullDeadline the deadline the sources' calls are bounded by
     */
    public PullResult pull(PullOptions options, List<Source> sources, PullListener listener, Deadline pullDeadline)
            throws RegistryException, InterruptedException {
        Instant start = clock.instant();
        Instant deadline = pullDeadline.at();
        Platform wanted = options.platform() != null ? options.platform() : Platform.current();
        Retrier retrier = new Retrier(clock, sleeper, options.maxAttempts(), deadline, listener);
        Retrier once = new Retrier(clock, sleeper, 1, deadline, listener);
        Writeback writeback = Writeback.every(tuning.writebackBytes());
        BlobStore store = new BlobStore(options.storeDir(), tuning.durability(), crypto, writeback);
        try (writeback; BlobLease lease = store.lease(listener::info)) {
            List<String> skipped = new ArrayList<>();
            ResolvedImage image = null;
            CosignVerifier.Result signature = null;
            int served = 0;
            for (; served < sources.size(); served++) {
                Source source = sources.get(served);
                boolean last = served == sources.size() - 1;
                try {
                    image = new ManifestResolver(source.client(), new ManifestParser(json), lease,
                            source.mirror() ? once : retrier).resolve(options.reference(), wanted);
                    checkExpectedDigest(options, image);
                    // A config is bounded like a manifest: one too big is refused by its descriptor, before any fetch.
                    ImageConfig.checkSize(image.manifest().config().size(), options.reference().toString());
                    // Signatures are checked before the sink is opened or any layer fetched: a failure leaves nothing.
                    signature = options.verification().checksSignatures()
                            ? new CosignVerifier(source.client(), json).verify(image, options.verification()) : null;
                    break;
                } catch (PullTimeoutException timeout) {
                    throw timeout;
                } catch (RegistryException failure) {
                    if (last) {
                        throw failure;
                    }
                    String line = (source.mirror() ? "mirror " : "registry ") + source.url() + " did not serve "
                            + options.reference() + ": " + failure.getMessage();
                    skipped.add(line);
                    listener.info(line + " Trying " + (sources.get(served + 1).mirror() ? "mirror " : "registry ")
                            + sources.get(served + 1).url() + ".");
                }
            }
            if (signature != null) {
                listener.info(signature.fact());
            }
            if (sources.size() > 1 || sources.get(served).mirror()) {
                listener.info("The manifest of " + options.reference() + " came from "
                        + (sources.get(served).mirror() ? "mirror " : "registry ") + sources.get(served).url() + ".");
            }
            listener.resolved(image);

            List<BlobFetcher.Source> blobSources = new ArrayList<>();
            for (Source source : sources.subList(served, sources.size())) {
                blobSources.add(new BlobFetcher.Source(source.client(), source.url(), source.mirror() ? once : retrier));
            }
            BlobFetcher fetcher = new BlobFetcher(blobSources, lease, options.reference().repository(), listener,
                    clock, tuning.readBufferBytes());
            List<FetchedBlob> fetched = new ArrayList<>();
            Digest configDigest = image.manifest().config().digest();
            ImageConfig[] parsed = new ImageConfig[1];
            SinkResult sinkResult;
            try (SinkSession session = options.sink().open(image, store)) {
                List<Descriptor> blobs = session.needsLayers() ? image.manifest().blobs()
                        : List.of(image.manifest().config());
                fetchAll(image, blobs, fetcher, options.concurrency(), pullDeadline, blob -> {
                    fetched.add(blob);
                    if (blob.blob().digest().equals(configDigest)) {
                        // parsed as soon as it is verified, and in any case before the commit: a config that is
                        // not JSON, a bomb or a bad diff_id fails the pull with no image in the output
                        parsed[0] = ImageConfig.read(blob.path(), options.reference().toString());
                    }
                    session.accept(blob.blob(), blob.path());
                });
                if (parsed[0] == null) {
                    parsed[0] = ImageConfig.read(store.pathOf(configDigest), options.reference().toString());
                }
                sinkResult = session.commit();
            }
            ImageConfig config = parsed[0];
            Platform platform = config.platform() != null ? config.platform() : image.platform();
            if (image.platform() == null && options.platform() != null && platform != null
                    && !options.platform().matches(platform)) {
                listener.info("Warning: " + options.reference() + " is a single-platform image for " + platform
                        + ", not the requested " + options.platform().normalized() + "; it was pulled anyway.");
            }
            long downloaded = fetched.stream().mapToLong(FetchedBlob::bytesDownloaded).sum();
            long reused = fetched.stream().filter(FetchedBlob::reused).mapToLong(f -> f.blob().size()).sum();
            List<String> facts = new ArrayList<>(verificationFacts(image, fetched, signature));
            facts.addAll(sinkResult.facts());
            return new PullResult(options.reference().toString(), image.manifestDigest(), image.manifest().mediaType(),
                    image.indexDigest(), platform, image.manifest().config().digest(), image.manifest().layers(),
                    image.manifest().totalSize(), downloaded, reused, Duration.between(start, clock.instant()),
                    sinkResult.location(), sinkResult.imageId(), facts,
                    signature != null ? signature.signature() : null, sinkResult.localReference(),
                    servedFrom(sources.get(served), fetched, skipped), sources.get(served).client().rateLimit());
        } catch (IOException e) {
            throw new LocalStorageException("Writing the image failed: " + e.getMessage()
                    + ". Check free space and permissions of the blob store (" + store.root() + ") and the output.", e);
        }
    }

    private interface BlobConsumer {
        void accept(FetchedBlob blob) throws IOException, RegistryException, InterruptedException;
    }

    private void fetchAll(ResolvedImage image, List<Descriptor> blobs, BlobFetcher fetcher, int concurrency,
                          Deadline deadline, BlobConsumer consumer)
            throws RegistryException, IOException, InterruptedException {
        Map<String, Descriptor> distinct = new LinkedHashMap<>();
        for (Descriptor blob : blobs) {
            distinct.putIfAbsent(blob.digest().toString(), blob);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, distinct.size()), r -> {
            Thread t = new Thread(r, "registry-pull-blob-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            CompletionService<FetchedBlob> completion = new ExecutorCompletionService<>(pool);
            for (Descriptor blob : distinct.values()) {
                completion.submit(() -> fetcher.fetch(blob));
            }
            for (int i = 0; i < distinct.size(); i++) {
                long waitMillis = deadline.remaining().toMillis();
                Future<FetchedBlob> done = waitMillis > 0 ? completion.poll(waitMillis, TimeUnit.MILLISECONDS) : null;
                if (done == null) {
                    throw deadline.expired("downloading the layers of " + image.reference());
                }
                consumer.accept(get(done));
            }
        } finally {
            fetcher.cancelAll();
            pool.shutdownNow();
            // Wait for the cancelled downloads to delete their temp files and unlock their blobs, so a
            // failed pull has left nothing behind when it returns (their connections are closed already;
            // should one hang anyway, its lease hold is released when it ends).
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private static FetchedBlob get(Future<FetchedBlob> future)
            throws RegistryException, IOException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RegistryException r) {
                throw r;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static ServedFrom servedFrom(Source manifest, List<FetchedBlob> fetched, List<String> skipped) {
        Map<String, String> blobs = new LinkedHashMap<>();
        for (FetchedBlob blob : fetched) {
            blobs.put(blob.blob().digest().toString(), blob.servedBy());
        }
        return new ServedFrom(manifest.url(), manifest.mirror(), blobs, skipped);
    }

    private static void checkExpectedDigest(PullOptions options, ResolvedImage image) throws VerificationException {
        var expected = options.expectedDigest();
        if (expected == null || expected.equals(image.manifestDigest()) || expected.equals(image.indexDigest())) {
            return;
        }
        throw new VerificationException("The image " + options.reference() + " resolved to "
                + (image.indexDigest() != null ? "index " + image.indexDigest() + " / manifest " : "manifest ")
                + image.manifestDigest() + ", not the expected digest " + expected
                + ". The tag was moved or the expected digest is out of date; nothing was pulled.");
    }

    private static List<String> verificationFacts(ResolvedImage image, List<FetchedBlob> fetched,
                                                  CosignVerifier.Result signature) {
        List<String> facts = new ArrayList<>();
        if (image.indexDigest() != null) {
            facts.add("index " + image.indexDigest() + " verified over its raw bytes; platform " + image.platform()
                    + " chosen");
        }
        facts.add("manifest " + image.manifestDigest() + " verified over its " + image.manifestBytes().length
                + " raw bytes" + (image.reference().digest() != null ? " and matches the pinned digest" : ""));
        long reused = fetched.stream().filter(FetchedBlob::reused).count();
        boolean configOnly = fetched.size() == 1 && image.manifest().blobs().size() > 1;
        facts.add(fetched.size() + (configOnly ? " blob (the config; the target has the layers)" : " blobs (config"
                + " and layers)") + " verified by digest and size: "
                + (fetched.size() - reused) + " downloaded, " + reused + " already verified in the store");
        if (signature != null) {
            facts.add(signature.fact());
        }
        return facts;
    }
}
