package io.jenkins.registrypull.store;

import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.store.StoreLayout.StoredBlob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The store's upkeep, off the pulls' path: stale temp files, prune (least recently used first), verify (hash every
 * blob again), orphan lock files. Every deletion takes the blob's locks first ({@link BlobLocks}), so nothing a
 * running pull writes or uses is ever deleted.
 */
final class StoreMaintenance {

    private static final Duration FOREIGN_TEMP_AGE = Duration.ofHours(1);

    private final StoreLayout layout;
    private final BlobLocks locks;

    StoreMaintenance(StoreLayout layout, BlobLocks locks) {
        this.layout = layout;
        this.locks = locks;
    }

    /** See {@link BlobStore#removeStaleTemps()}. */
    int removeStaleTemps() throws IOException, InterruptedException {
        Path tmp = layout.tmpDir();
        if (!Files.isDirectory(tmp)) {
            return 0;
        }
        int removed = 0;
        for (Path temp : StoreLayout.list(tmp)) {
            Digest digest = StoreLayout.digestOfTemp(temp.getFileName().toString());
            if (digest == null) {
                removed += removeIfOld(temp) ? 1 : 0;
                continue;
            }
            try (BlobLocks.Blob lock = locks.open(digest)) {
                if (lock.tryWrite()) {
                    try {
                        removed += Files.deleteIfExists(temp) ? 1 : 0;
                    } finally {
                        lock.releaseWrite();
                    }
                }
            }
        }
        return removed;
    }

    /** See {@link BlobStore#prune(long)}. */
    PruneResult prune(long budgetBytes) throws IOException, InterruptedException {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("the size budget must not be negative");
        }
        long started = System.nanoTime();
        int staleTemps = removeStaleTemps();
        List<StoredBlob> blobs = layout.listBlobs(new ArrayList<>());
        long total = blobs.stream().mapToLong(StoredBlob::size).sum();
        long before = total;
        List<Digest> evicted = new ArrayList<>();
        long freed = 0;
        int inUse = 0;
        blobs.sort(Comparator.comparing(StoredBlob::lastUsed).thenComparing(b -> b.digest().toString()));
        for (StoredBlob blob : blobs) {
            if (total <= budgetBytes) {
                break;
            }
            try (BlobLocks.Blob lock = locks.open(blob.digest())) {
                if (!lock.tryDelete()) {
                    inUse++;
                    continue;
                }
                try {
                    BasicFileAttributes now = StoreLayout.attributesOrNull(blob.path());
                    if (now == null) {
                        total -= blob.size(); // deleted by someone else meanwhile
                        continue;
                    }
                    if (!now.lastModifiedTime().equals(blob.lastUsed())) {
                        inUse++; // used since we looked: it is no longer the least recently used
                        continue;
                    }
                    Files.delete(blob.path());
                    total -= blob.size();
                    freed += blob.size();
                    evicted.add(blob.digest());
                } finally {
                    lock.releaseDelete();
                }
            }
        }
        int lockFiles = removeOrphanLockFiles();
        return new PruneResult(layout.root(), budgetBytes, blobs.size(), before, blobs.size() - evicted.size(), total,
                evicted, freed, inUse, staleTemps, lockFiles, Duration.ofNanos(System.nanoTime() - started));
    }

    /** See {@link BlobStore#verify()}. */
    VerifyResult verify() throws IOException, InterruptedException {
        long started = System.nanoTime();
        int staleTemps = removeStaleTemps();
        List<Digest> corruptRemoved = new ArrayList<>();
        List<Digest> corruptInUse = new ArrayList<>();
        List<Path> unexpected = new ArrayList<>();
        int checked = 0;
        long bytes = 0;
        for (StoredBlob blob : layout.listBlobs(unexpected)) {
            try (BlobLocks.Blob lock = locks.open(blob.digest())) {
                BlobLocks.await(lock::tryUse);
                Boolean intact;
                try {
                    intact = hashMatches(blob);
                } finally {
                    lock.releaseUse();
                }
                if (intact == null) {
                    continue; // deleted meanwhile
                }
                checked++;
                bytes += blob.size();
                if (intact) {
                    continue;
                }
                if (!lock.tryDelete()) {
                    corruptInUse.add(blob.digest());
                    continue;
                }
                try {
                    if (Boolean.FALSE.equals(hashMatches(blob))) {
                        Files.deleteIfExists(blob.path());
                        corruptRemoved.add(blob.digest());
                    }
                } finally {
                    lock.releaseDelete();
                }
            }
        }
        return new VerifyResult(layout.root(), checked, bytes, corruptRemoved, corruptInUse, unexpected, staleTemps,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** A file in tmp/ not named by this engine: deleted only once it is clearly abandoned. */
    private static boolean removeIfOld(Path file) throws IOException {
        BasicFileAttributes attributes = StoreLayout.attributesOrNull(file);
        if (attributes == null || !attributes.isRegularFile()) {
            return false;
        }
        long age = System.currentTimeMillis() - attributes.lastModifiedTime().toMillis();
        return age > FOREIGN_TEMP_AGE.toMillis() && Files.deleteIfExists(file);
    }

    private int removeOrphanLockFiles() throws IOException {
        int[] removed = {0};
        locks.whileNoLockFileIsOpen(() -> {
            for (Path algorithmDir : StoreLayout.list(layout.locksDir())) {
                if (!Files.isDirectory(algorithmDir)) {
                    continue;
                }
                for (Path lockFile : StoreLayout.list(algorithmDir)) {
                    Digest digest = StoreLayout.digestOfLockFile(algorithmDir, lockFile.getFileName().toString());
                    if (digest != null && !Files.exists(layout.pathOf(digest))) {
                        removed[0] += Files.deleteIfExists(lockFile) ? 1 : 0;
                    }
                }
            }
        });
        return removed[0];
    }

    /** True if the content hashes to the blob's name, false if not, null if the file is gone. */
    private static Boolean hashMatches(StoredBlob blob) throws IOException {
        MessageDigest hash = blob.digest().newMessageDigest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(blob.path())) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                hash.update(buffer, 0, n);
            }
        } catch (NoSuchFileException gone) {
            return null;
        }
        return Digest.fromBytes(blob.digest().algorithm(), hash.digest()).equals(blob.digest());
    }
}
