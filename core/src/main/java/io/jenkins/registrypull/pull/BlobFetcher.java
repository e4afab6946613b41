package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.api.PullListener;
import io.jenkins.registrypull.api.RegistryConnectionException;
import io.jenkins.registrypull.api.RegistryException;
import io.jenkins.registrypull.http.ConnectionErrors;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.registry.OpenBlob;
import io.jenkins.registrypull.registry.RegistryClient;
import io.jenkins.registrypull.store.BlobLease;
import io.jenkins.registrypull.store.BlobWriter;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Downloads one blob into the store, hashing and size-checking it as it streams, unless a
 * verified copy is already there (or another pull on the machine is fetching it: then this one
 * waits and reuses it). Several fetches run at once on the pull's worker threads;
 * {@link #cancelAll()} closes their connections when the pull fails or times out.
 */
final class BlobFetcher {

    private static final int BUFFER = 64 * 1024;
    private static final long PROGRESS_EVERY_NANOS = 500_000_000L;

    private final RegistryClient client;
    private final BlobLease lease;
    private final String repository;
    private final PullListener listener;
    private final Clock clock;
    private final Instant deadline;
    private final Set<OpenBlob> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    BlobFetcher(RegistryClient client, BlobLease lease, String repository, PullListener listener, Clock clock,
                Instant deadline) {
        this.client = client;
        this.lease = lease;
        this.repository = repository;
        this.listener = listener;
        this.clock = clock;
        this.deadline = deadline;
    }

    FetchedBlob fetch(Descriptor blob) throws RegistryException, IOException, InterruptedException {
        Instant start = clock.instant();
        BlobLease.Claim claim = lease.claim(blob.digest(), blob.size());
        if (claim.isPresent()) {
            Duration took = Duration.between(start, clock.instant());
            listener.blobDone(blob, true, took);
            return new FetchedBlob(blob, claim.path(), true, 0, took);
        }
        try (BlobWriter writer = claim.writer()) {
            listener.blobStarted(blob);
            OpenBlob download = client.openBlob(repository, blob.digest(), 0);
            open.add(download);
            Response response = download.response();
            try (download) {
                if (response.code() != 200) {
                    throw new RegistryConnectionException("Fetching blob " + blob.digest() + " of " + repository
                            + " got HTTP " + response.code() + " instead of the whole blob; retry the pull.", null);
                }
                copy(response.body().byteStream(), writer, blob);
                var path = writer.commit();
                Duration took = Duration.between(start, clock.instant());
                listener.blobDone(blob, false, took);
                return new FetchedBlob(blob, path, false, blob.size(), took);
            } catch (IOException e) {
                if (cancelled) {
                    throw new InterruptedException("the pull was stopped");
                }
                throw ConnectionErrors.describe(e, response.request().url().host(), "fetching blob " + blob.digest()
                        + " of " + repository);
            } finally {
                open.remove(download);
            }
        }
    }

    private void copy(InputStream in, BlobWriter writer, Descriptor blob)
            throws IOException, RegistryException, InterruptedException {
        byte[] buffer = new byte[BUFFER];
        long lastProgress = System.nanoTime();
        int n;
        while ((n = in.read(buffer)) != -1) {
            writer.write(buffer, 0, n);
            long now = System.nanoTime();
            if (now - lastProgress >= PROGRESS_EVERY_NANOS) {
                lastProgress = now;
                listener.blobProgress(blob, writer.written());
                checkDeadline();
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("the pull was stopped");
            }
        }
    }

    private void checkDeadline() throws RegistryException {
        if (clock.instant().isAfter(deadline)) {
            throw new RegistryConnectionException("The pull did not finish before its deadline; raise the timeout"
                    + " or check the registry's speed.", null);
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
