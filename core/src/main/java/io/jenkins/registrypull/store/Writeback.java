package io.jenkins.registrypull.store;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gets a blob's bytes onto the disk while its download goes on. Linux keeps a fresh download in the page cache
 * until a tenth of the memory is dirty or 30 s have passed, so without this the fdatasync before each rename writes
 * the whole blob while the pull waits; with it, that sync finds only the last few MiB (docs/performance.md, "Early
 * writeback": 1.16 s to 0.98 s for the 629 MB image on this machine).
 *
 * <p>Java has no {@code sync_file_range}, so the start is an fdatasync of the temp file on a background thread: at
 * most one per file at a time, each after {@code everyBytes} more were written. An error of such a sync is kept and
 * thrown by the writer's commit: Linux reports a writeback error once per open file, so dropping it here would let
 * the commit's own sync succeed over lost data.
 *
 * <p>The threads are never interrupted ({@link #close()} lets a running sync end): an interrupted {@link FileChannel}
 * closes itself under the writer.
 */
public final class Writeback implements AutoCloseable {

    /** The sync a background thread runs; {@code channel.force(false)} but in tests. */
    @FunctionalInterface
    interface Sync {
        void force(FileChannel channel) throws IOException;
    }

    private static final Writeback NONE = new Writeback(0, null, channel -> { });

    private final long everyBytes;
    private final ExecutorService threads;
    private final Sync sync;

    Writeback(long everyBytes, ExecutorService threads, Sync sync) {
        this.everyBytes = everyBytes;
        this.threads = threads;
        this.sync = sync;
    }

    /** No early sync: each blob is written to disk by the sync before its rename alone. */
    public static Writeback none() {
        return NONE;
    }

    /**
     * Syncs each file in the background every {@code everyBytes} written, on daemon threads that live until
     * {@link #close()}; {@code everyBytes} 0 is {@link #none()}.
     */
    public static Writeback every(long everyBytes) {
        if (everyBytes < 0) {
            throw new IllegalArgumentException("everyBytes must be 0 (off) or more, was " + everyBytes);
        }
        if (everyBytes == 0) {
            return NONE;
        }
        AtomicInteger count = new AtomicInteger();
        return new Writeback(everyBytes, Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "registry-pull writeback " + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }), channel -> channel.force(false));
    }

    /** Follows the writes into one open file. */
    public Tracker track(FileChannel channel) {
        return new Tracker(channel);
    }

    /** Lets running syncs end and starts no more; a writer still open just syncs everything at its commit. */
    @Override
    public void close() {
        if (threads != null) {
            threads.shutdown();
        }
    }

    /** The background syncs of one file; used by the one thread that writes it. */
    public final class Tracker {

        private final FileChannel channel;
        private long unsynced;
        private Future<?> running;
        private volatile IOException failure;

        private Tracker(FileChannel channel) {
            this.channel = channel;
        }

        /** {@code bytes} more were written: starts a sync when enough are and none is running. */
        public void wrote(long bytes) {
            if (threads == null) {
                return;
            }
            unsynced += bytes;
            if (unsynced < everyBytes || running != null && !running.isDone()) {
                return;
            }
            unsynced = 0;
            try {
                running = threads.submit(this::syncNow);
            } catch (RejectedExecutionException closing) {
                running = null; // the pull is ending: the commit's sync covers every byte
            }
        }

        private void syncNow() {
            try {
                sync.force(channel);
            } catch (ClosedChannelException abandoned) {
                // the writer gave the blob up while this ran: nothing of it is kept
            } catch (IOException e) {
                failure = e;
            }
        }

        /** Waits for the running sync, then throws the error of any sync so far. */
        public void finish() throws IOException, InterruptedException {
            Future<?> last = running;
            if (last != null) {
                try {
                    last.get();
                } catch (ExecutionException e) {
                    throw new IOException("The background sync of the downloaded blob failed: " + e.getCause(),
                            e.getCause());
                }
            }
            IOException failed = failure;
            if (failed != null) {
                throw new IOException("The disk reported an error while writing the downloaded blob: " + failed
                        .getMessage(), failed);
            }
        }
    }
}
