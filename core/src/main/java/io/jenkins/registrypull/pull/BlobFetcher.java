package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.error.PullTimeoutException;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.error.RegistryErrorException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.VerificationException;
import io.jenkins.registrypull.http.ConnectionErrors;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.registry.OpenBlob;
import io.jenkins.registrypull.registry.RegistryClient;
import io.jenkins.registrypull.store.BlobLease;
import io.jenkins.registrypull.store.BlobWriter;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Downloads one blob into the store, hashing and size-checking it as it streams, unless a
 * verified copy is already there (or another pull on the machine is fetching it: then this one
 * waits and reuses it). Several fetches run at once on the pull's worker threads;
 * {@link #cancelAll()} closes their connections when the pull fails or times out.
 *
 * <p>Resume: when a download breaks (a cut connection, a read that timed out, a body that ended
 * early), the bytes so far stay in the writer's temp file, which this pull holds locked, and the
 * next attempt asks for the rest with {@code Range: bytes=N-}. The rest is appended only from a
 * 206 whose {@code Content-Range} starts at N and whose total is the descriptor's size; a 200 (a
 * registry or CDN that ignores ranges) or any other range truncates the file and starts over. The
 * digest keeps running over the bytes already written (the writer's {@code MessageDigest} lives as
 * long as the temp file), so a resume hashes nothing twice and the final check still covers every
 * byte. A failure that moved the blob forward by at least {@link #PROGRESS_RESETS_ATTEMPTS} bytes
 * does not count against the attempts (a flaky link still finishes a big blob), the deadline
 * bounds it all.
 *
 * <p>A digest or size mismatch is retried once from scratch (a byte damaged in transit); a second
 * one fails the pull. Bad bytes are never installed: the writer verifies before the rename.
 */
final class BlobFetcher {

    static final long PROGRESS_RESETS_ATTEMPTS = 1024 * 1024;
    private static final long PROGRESS_EVERY_NANOS = 500_000_000L;

    /** Where blobs come from, in order: the source that served the manifest first, then those after it. */
    record Source(RegistryClient client, String url, Retrier retrier) {
    }

    private final List<Source> sources;
    private final BlobLease lease;
    private final String repository;
    private final PullListener listener;
    private final Clock clock;
    private final int bufferBytes;
    private final Set<OpenBlob> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    /**
     * A fetcher that moves on to the next source when one fails for good (after its own retries): the bytes
     * received so far stay, and the next source is asked for the rest by Range (a blob is the same bytes wherever
     * it comes from; the digest decides).
     *
     * @param bufferBytes the read buffer of each download ({@link PullTuning#readBufferBytes()})
     */
    BlobFetcher(List<Source> sources, BlobLease lease, String repository, PullListener listener,
                Clock clock, int bufferBytes) {
        this.sources = List.copyOf(sources);
        this.lease = lease;
        this.repository = repository;
        this.listener = listener;
        this.clock = clock;
        this.bufferBytes = bufferBytes;
    }

    FetchedBlob fetch(Descriptor blob) throws RegistryException, IOException, InterruptedException {
        Instant start = clock.instant();
        BlobLease.Claim claim = lease.claim(blob.digest(), blob.size());
        if (claim.isPresent()) {
            Duration took = Duration.between(start, clock.instant());
            listener.blobDone(blob, true, took);
            return new FetchedBlob(blob, claim.path(), true, 0, took, "store");
        }
        try (BlobWriter writer = claim.writer()) {
            listener.blobStarted(blob);
            String what = "blob " + blob.digest() + " of " + repository;
            long[] received = {0}; // over all attempts and sources, for the result
            for (int s = 0; ; s++) {
                Source source = sources.get(s);
                try {
                    return fetchFrom(source, blob, writer, what, received, start);
                } catch (PullTimeoutException timeout) {
                    throw timeout;
                } catch (RegistryException failure) {
                    checkCancelled();
                    if (s == sources.size() - 1) {
                        throw failure;
                    }
                    if (failure instanceof VerificationException) {
                        writer.reset();
                    }
                    listener.info(source.url() + " could not serve " + what + ": " + failure.getMessage()
                            + " Trying " + sources.get(s + 1).url() + (writer.written() > 0 ? " for the bytes from "
                            + writer.written() : "") + ".");
                }
            }
        }
    }

    private FetchedBlob fetchFrom(Source source, Descriptor blob, BlobWriter writer, String what, long[] received,
                                  Instant start) throws RegistryException, IOException, InterruptedException {
        RegistryClient client = source.client();
        Retrier.Attempts attempts = source.retrier().start(what);
        boolean restartedAfterMismatch = false;
        while (true) {
            checkCancelled();
            long before = writer.written();
            try {
                download(client, blob, writer, received);
                var path = writer.commit();
                Duration took = Duration.between(start, clock.instant());
                listener.blobDone(blob, false, took);
                return new FetchedBlob(blob, path, false, received[0], took, source.url());
            } catch (VerificationException mismatch) {
                if (restartedAfterMismatch) {
                    throw mismatch;
                }
                restartedAfterMismatch = true;
                listener.info(mismatch.getMessage() + " Fetching it once more from the start.");
                writer.reset();
            } catch (RegistryException failure) {
                checkCancelled();
                if (writer.written() - before >= PROGRESS_RESETS_ATTEMPTS) {
                    attempts.progressed();
                }
                attempts.failed(failure);
            }
        }
    }

    /**
     * One attempt: requests the blob from where the writer stands and streams the answer into it.
     * Adds the bytes received to {@code received[0]}. Throws a {@link RegistryException} whose {@code retryable()} says
     * whether the break is worth resuming, {@link IOException} only for a failure of the local disk.
     */
    private void download(RegistryClient client, Descriptor blob, BlobWriter writer, long[] received)
            throws RegistryException, IOException, InterruptedException {
        long offset = writer.written();
        OpenBlob download = client.openBlob(repository, blob.digest(), offset);
        open.add(download);
        Response response = download.response();
        try (download) {
            int status = response.code();
            if (offset > 0 && status == 206) {
                OpenBlob.ContentRange range = download.contentRange();
                if (range == null || range.first() != offset || range.total() != blob.size()
                        || range.last() != blob.size() - 1) {
                    listener.info("The registry answered the resume of blob " + blob.digest().shortHex() + " at byte "
                            + offset + " with Content-Range '" + response.header("Content-Range")
                            + "', not the rest of the blob; starting it over.");
                    writer.reset();
                    return;
                }
            } else if (status == 200) {
                if (offset > 0) {
                    listener.info("The registry sent blob " + blob.digest().shortHex() + " whole instead of resuming"
                            + " at byte " + offset + "; starting it over.");
                    writer.reset();
                }
            } else {
                // a success status that is not the blob (204, or 206 to a request without a Range): the
                // registry or a proxy in between is misbehaving; the status decides whether to retry
                throw new RegistryErrorException("HTTP " + status + " from " + client.host() + " while fetching blob "
                        + blob.digest() + " of " + repository + (offset > 0 ? " from byte " + offset : "")
                        + ": not the blob. The registry or a proxy between it and this machine is misbehaving;"
                        + " retry the pull, and if it keeps failing, check the registry.", status, List.of());
            }
            ResponseBody body = response.body();
            copy(client, body.byteStream(), writer, blob, received);
            if (writer.written() < blob.size()) {
                // a cut that the server announced as the end: worth resuming like a reset connection
                throw new RegistryConnectionException("Fetching blob " + blob.digest() + " of " + repository
                        + ": the answer ended after " + writer.written() + " of its " + blob.size() + " bytes.",
                        null, true);
            }
        } finally {
            open.remove(download);
        }
    }

    /** Copies until the body ends; network failures become RegistryConnectionException, disk ones stay IOException. */
    private void copy(RegistryClient client, InputStream in, BlobWriter writer, Descriptor blob, long[] received)
            throws IOException, RegistryException, InterruptedException {
        byte[] buffer = new byte[bufferBytes];
        long lastProgress = System.nanoTime();
        while (true) {
            int n;
            try {
                n = fill(in, buffer);
            } catch (IOException e) {
                checkCancelled();
                throw ConnectionErrors.describe(e, client.host(), "fetching blob " + blob.digest() + " of "
                        + repository + " (" + writer.written() + " of " + blob.size() + " bytes received)");
            }
            if (n == 0) {
                return;
            }
            writer.write(buffer, 0, n);
            received[0] += n;
            long now = System.nanoTime();
            if (now - lastProgress >= PROGRESS_EVERY_NANOS) {
                lastProgress = now;
                listener.blobProgress(blob, writer.written());
                checkDeadline(blob);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("the pull was stopped");
            }
        }
    }

    /** Reads until the buffer is full or the stream ends; returns the bytes read (0 at the end). */
    private static int fill(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    private void checkCancelled() throws InterruptedException {
        if (cancelled) {
            throw new InterruptedException("the pull was stopped");
        }
    }

    private void checkDeadline(Descriptor blob) throws RegistryException {
        if (clock.instant().isAfter(sources.get(0).retrier().deadline())) {
            throw new PullTimeoutException("The pull did not finish before its deadline: it ran out while fetching"
                    + " blob " + blob.digest() + " of " + repository + ". Raise the pull's timeout (one hour by"
                    + " default) or check why the registry is this slow.");
        }
    }

    /** Closes every open download; their threads then fail fast. */
    void cancelAll() {
        cancelled = true;
        for (OpenBlob download : open) {
            download.cancel();
        }
    }
}
