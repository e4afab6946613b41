package io.jenkins.registrypull.store;

import io.jenkins.registrypull.reference.Digest;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The locks of one store: a lock file per blob, {@code ROOT/locks/<alg>/<hex>.lock}, and the store
 * lock {@code ROOT/locks/store.lock}.
 *
 * <p>Per blob, two regions (see {@link LockFile}): WRITE, held exclusively by the one writer of the
 * blob while its temp file exists; USE, held shared by every pull that uses the blob until the pull
 * ends. Deleting a blob (prune, verify) needs both exclusively, so it never happens to a blob that
 * is being written or used. A writer takes USE before it lets go of WRITE, and a deleter needs WRITE
 * before it can have USE, so nothing can delete a blob between its installation and its first use.
 *
 * <p>The store lock is held shared by whoever has any blob lock file open, from opening it to
 * closing it, and exclusively only while lock files of absent blobs are deleted: so a lock file is
 * never deleted while some process could still lock it (it would then lock a file nobody else sees).
 */
final class BlobLocks {

    private static final long MAX_POLL_MILLIS = 100;

    private final Path lockDir;

    BlobLocks(Path lockDir) {
        this.lockDir = lockDir;
    }

    Path lockFileOf(Digest digest) {
        return lockDir.resolve(digest.algorithm()).resolve(digest.hex() + StoreLayout.LOCK_SUFFIX);
    }

    Path storeLockFile() {
        return lockDir.resolve("store.lock");
    }

    /** A blob's lock file, open and ready to lock; {@link Blob#close()} when done. */
    Blob open(Digest digest) throws IOException, InterruptedException {
        LockFile store = LockFile.open(storeLockFile());
        try {
            await(() -> store.tryShared(LockFile.WRITE));
        } catch (IOException | InterruptedException | RuntimeException e) {
            store.close();
            throw e;
        }
        try {
            return new Blob(digest, LockFile.open(lockFileOf(digest)), store);
        } catch (IOException | RuntimeException e) {
            store.releaseShared(LockFile.WRITE);
            store.close();
            throw e;
        }
    }

    /**
     * Runs {@code action} while holding the store lock exclusively, so no lock file is open anywhere;
     * returns false without running it when some process (this one included) has one open.
     */
    boolean whileNoLockFileIsOpen(IoAction action) throws IOException {
        LockFile store = LockFile.open(storeLockFile());
        try {
            if (!store.tryExclusive(LockFile.WRITE)) {
                return false;
            }
            try {
                action.run();
                return true;
            } finally {
                store.releaseExclusive(LockFile.WRITE);
            }
        } finally {
            store.close();
        }
    }

    interface IoAction {
        void run() throws IOException;
    }

    interface Attempt {
        boolean succeeded() throws IOException;
    }

    /** Polls {@code attempt} until it succeeds: a few milliseconds at first, then every 100 ms. */
    static void await(Attempt attempt) throws IOException, InterruptedException {
        long sleep = 1;
        while (!attempt.succeeded()) {
            Thread.sleep(sleep);
            sleep = Math.min(sleep * 2, MAX_POLL_MILLIS);
        }
    }

    /** One blob's lock file, open; every hold taken through it must be released before {@link #close()}. */
    static final class Blob implements AutoCloseable {
        private final Digest digest;
        private final LockFile file;
        private final LockFile store;
        private boolean closed;

        private Blob(Digest digest, LockFile file, LockFile store) {
            this.digest = digest;
            this.file = file;
            this.store = store;
        }

        Digest digest() {
            return digest;
        }

        boolean tryUse() throws IOException {
            return file.tryShared(LockFile.USE);
        }

        void releaseUse() {
            file.releaseShared(LockFile.USE);
        }

        boolean tryWrite() throws IOException {
            return file.tryExclusive(LockFile.WRITE);
        }

        void releaseWrite() {
            file.releaseExclusive(LockFile.WRITE);
        }

        /** Both regions exclusively: nobody writes or uses the blob. */
        boolean tryDelete() throws IOException {
            if (!file.tryExclusive(LockFile.WRITE)) {
                return false;
            }
            try {
                if (file.tryExclusive(LockFile.USE)) {
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                file.releaseExclusive(LockFile.WRITE);
                throw e;
            }
            file.releaseExclusive(LockFile.WRITE);
            return false;
        }

        void releaseDelete() {
            file.releaseExclusive(LockFile.USE);
            file.releaseExclusive(LockFile.WRITE);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            file.close();
            store.releaseShared(LockFile.WRITE);
            store.close();
        }
    }
}
