package io.jenkins.registrypull.store;

import io.jenkins.registrypull.error.VerificationException;
import io.jenkins.registrypull.reference.Digest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One pull's hold on the blobs it uses. Every blob the pull finds or writes through the lease stays
 * held (shared with other pulls) until {@link #close()}: prune and verify never delete it while the
 * pull, or the sink it feeds, still reads it. Thread-safe: the pull's download threads claim blobs at
 * once.
 */
public final class BlobLease implements AutoCloseable {

    private static final long NOTICE_AFTER_NANOS = 500_000_000L;

    private final BlobStore store;
    private final BlobLocks locks;
    private final Consumer<String> notices;
    private final Map<Digest, BlobLocks.Blob> held = new HashMap<>(); // guarded by this
    private boolean closed; // guarded by this

    BlobLease(BlobStore store, BlobLocks locks, Consumer<String> notices) {
        this.store = store;
        this.locks = locks;
        this.notices = notices;
    }

    /**
     * Either holds the verified blob, when the store has it, or hands out the right to write it.
     * While another thread or process is writing the same blob, waits for it to finish and then
     * holds its result: a blob is downloaded once however many pulls want it at the same time.
     *
     * @param size the size the blob's descriptor declares
     */
    public Claim claim(Digest digest, long size) throws IOException, InterruptedException {
        Path existing = heldPath(digest, size);
        if (existing != null) {
            return new Claim(existing, null);
        }
        BlobLocks.Blob lock = locks.open(digest);
        boolean handedOver = false;
        try {
            long waitingSince = System.nanoTime();
            boolean noticed = false;
            long sleep = 1;
            while (true) {
                if (lock.tryUse()) {
                    if (store.contains(digest, size)) {
                        handedOver = true;
                        return new Claim(hold(digest, lock), null);
                    }
                    lock.releaseUse();
                }
                if (lock.tryWrite()) {
                    if (store.contains(digest, size)) { // finished by another writer between our two looks
                        lock.releaseWrite();
                        continue;
                    }
                    store.removeTempsOf(digest); // we hold the write lock: any temp of this blob is stale
                    BlobWriter writer = new BlobWriter(digest, size, store.newTempFile(digest), store.durability(),
                            store.newHash(digest), store.writeback(),
                            new WriterCompletion(digest, lock));
                    handedOver = true;
                    return new Claim(null, writer);
                }
                if (!noticed && System.nanoTime() - waitingSince > NOTICE_AFTER_NANOS) {
                    noticed = true;
                    notices.accept("Waiting for another pull on this machine that is downloading blob "
                            + digest.shortHex() + " into the blob store " + store.root() + "; it is reused then.");
                }
                Thread.sleep(sleep);
                sleep = Math.min(sleep * 2, 100);
            }
        } finally {
            if (!handedOver) {
                lock.close();
            }
        }
    }

    /** Holds the blob if a verified copy is in the store and returns its path; else returns null. */
    public Path holdIfPresent(Digest digest, long size) throws IOException, InterruptedException {
        Path existing = heldPath(digest, size);
        if (existing != null) {
            return existing;
        }
        if (!store.contains(digest, size)) {
            return null;
        }
        BlobLocks.Blob lock = locks.open(digest);
        boolean handedOver = false;
        try {
            BlobLocks.await(lock::tryUse); // only a delete in progress keeps us waiting, briefly
            if (store.contains(digest, size)) {
                handedOver = true;
                return hold(digest, lock);
            }
            lock.releaseUse();
            return null;
        } finally {
            if (!handedOver) {
                lock.close();
            }
        }
    }

    /** Stores small content already in memory (a manifest) after checking its digest, and holds it. */
    public Path put(Digest digest, byte[] content) throws IOException, VerificationException, InterruptedException {
        Claim claim = claim(digest, content.length);
        if (claim.isPresent()) {
            return claim.path();
        }
        try (BlobWriter writer = claim.writer()) {
            writer.write(content, 0, content.length);
            return writer.commit();
        }
    }

    /** Whether this lease holds the blob. */
    public synchronized boolean holds(Digest digest) {
        return held.containsKey(digest);
    }

    public BlobStore store() {
        return store;
    }

    /** Lets go of every blob; prune may delete them from now on. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (BlobLocks.Blob lock : held.values()) {
            release(lock);
        }
        held.clear();
    }

    private synchronized Path heldPath(Digest digest, long size) throws IOException {
        if (closed) {
            throw new IOException("the pull's hold on the blob store " + store.root() + " was already released");
        }
        return held.containsKey(digest) && store.contains(digest, size) ? store.pathOf(digest) : null;
    }

    /** Records a use lock; the caller holds {@code lock}'s USE region. */
    private Path hold(Digest digest, BlobLocks.Blob lock) {
        Path path = store.pathOf(digest);
        store.touch(path);
        synchronized (this) {
            if (!closed && !held.containsKey(digest)) {
                held.put(digest, lock);
                return path;
            }
        }
        release(lock); // a late worker after close(), or a second claim of a blob already held
        return path;
    }

    private static void release(BlobLocks.Blob lock) {
        try {
            lock.releaseUse();
        } finally {
            lock.close();
        }
    }

    /** The outcome of {@link #claim}: a held blob, or a writer for it. */
    public static final class Claim {
        private final Path path;
        private final BlobWriter writer;

        private Claim(Path path, BlobWriter writer) {
            this.path = path;
            this.writer = writer;
        }

        /** True when a verified copy is held; false when the caller must write it with {@link #writer()}. */
        public boolean isPresent() {
            return path != null;
        }

        /** The held blob's path; null when it must be written. */
        public Path path() {
            return path;
        }

        /** The writer that may write the blob now; null when it was present. Close it in every case. */
        public BlobWriter writer() {
            return writer;
        }
    }

    private final class WriterCompletion implements BlobWriter.Completion {
        private final Digest digest;
        private final BlobLocks.Blob lock;

        WriterCompletion(Digest digest, BlobLocks.Blob lock) {
            this.digest = digest;
            this.lock = lock;
        }

        @Override
        public Path install(Path verifiedTemp) throws IOException, InterruptedException {
            store.install(verifiedTemp, digest);
            // Take USE before letting go of WRITE: a delete needs both, so it cannot come in between.
            BlobLocks.await(lock::tryUse);
            lock.releaseWrite();
            return hold(digest, lock);
        }

        @Override
        public void abandon() {
            try {
                lock.releaseWrite();
            } finally {
                lock.close();
            }
        }
    }
}
