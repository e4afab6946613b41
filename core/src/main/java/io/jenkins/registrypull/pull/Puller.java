package io.jenkins.registrypull.pull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.api.PullListener;
import io.jenkins.registrypull.api.PullOptions;
import io.jenkins.registrypull.api.PullResult;
import io.jenkins.registrypull.api.PullTimeoutException;
import io.jenkins.registrypull.api.RegistryConnectionException;
import io.jenkins.registrypull.api.RegistryException;
import io.jenkins.registrypull.api.Sleeper;
import io.jenkins.registrypull.api.VerificationException;
import io.jenkins.registrypull.http.Deadline;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.ImageConfig;
import io.jenkins.registrypull.manifest.ManifestParser;
import io.jenkins.registrypull.manifest.Platform;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.registry.RegistryClient;
import io.jenkins.registrypull.sink.SinkResult;
import io.jenkins.registrypull.sink.SinkSession;
import io.jenkins.registrypull.store.BlobLease;
import io.jenkins.registrypull.store.BlobStore;
import io.jenkins.registrypull.verify.CosignVerifier;

import java.io.IOException;
import java.nio.file.Files;
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

    private final ObjectMapper json;
    private final Clock clock;
    private final Sleeper sleeper;

    public Puller(ObjectMapper json, Clock clock) {
        this(json, clock, Sleeper.SYSTEM);
    }

    /** @param sleeper waits between retries (tests record the waits instead) */
    public Puller(ObjectMapper json, Clock clock, Sleeper sleeper) {
        this.json = json;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public PullResult pull(PullOptions options, RegistryClient client, PullListener listener)
            throws RegistryException, InterruptedException {
        return pull(options, client, listener, Deadline.after(clock, options.timeout()));
    }

    /** @param pullDeadline the deadline {@code client}'s calls are bounded by */
    public PullResult pull(PullOptions options, RegistryClient client, PullListener listener, Deadline pullDeadline)
            throws RegistryException, InterruptedException {
        Instant start = clock.instant();
        Instant deadline = pullDeadline.at();
        BlobStore store = new BlobStore(options.storeDir());
        Platform wanted = options.platform() != null ? options.platform() : Platform.current();
        Retrier retrier = new Retrier(clock, sleeper, options.maxAttempts(), deadline, listener);
        try (BlobLease lease = store.lease(listener::info)) {
            ResolvedImage image = new ManifestResolver(client, new ManifestParser(json), lease, retrier)
                    .resolve(options.reference(), wanted);
            checkExpectedDigest(options, image);
            // Signatures are checked before the sink is opened or any layer fetched: a failure leaves nothing.
            CosignVerifier.Result signature = options.verification().checksSignatures()
                    ? new CosignVerifier(client, json).verify(image, options.verification()) : null;
            if (signature != null) {
                listener.info(signature.fact());
            }
            listener.resolved(image);

            BlobFetcher fetcher = new BlobFetcher(client, lease, options.reference().repository(), listener, clock,
                    retrier);
            List<FetchedBlob> fetched = new ArrayList<>();
            SinkResult sinkResult;
            try (SinkSession session = options.sink().open(image, store)) {
                fetchAll(image, fetcher, options.concurrency(), pullDeadline, blob -> {
                    fetched.add(blob);
                    session.accept(blob.blob(), blob.path());
                });
                sinkResult = session.commit();
            }
            ImageConfig config = ImageConfig.parse(Files.readAllBytes(store.pathOf(image.manifest().config().digest())),
                    json, options.reference().toString());
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
                    signature != null ? signature.signature() : null, sinkResult.localReference());
        } catch (IOException e) {
            throw new RegistryConnectionException("Writing the image failed: " + e.getMessage()
                    + ". Check free space and permissions of the blob store (" + store.root() + ") and the output.", e);
        }
    }

    private interface BlobConsumer {
        void accept(FetchedBlob blob) throws IOException, RegistryException, InterruptedException;
    }

    private void fetchAll(ResolvedImage image, BlobFetcher fetcher, int concurrency, Deadline deadline,
                          BlobConsumer consumer) throws RegistryException, IOException, InterruptedException {
        Map<String, Descriptor> distinct = new LinkedHashMap<>();
        for (Descriptor blob : image.manifest().blobs()) {
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
        facts.add(fetched.size() + " blobs (config and layers) verified by digest and size: "
                + (fetched.size() - reused) + " downloaded, " + reused + " already verified in the store");
        if (signature != null) {
            facts.add(signature.fact());
        }
        return facts;
    }
}
