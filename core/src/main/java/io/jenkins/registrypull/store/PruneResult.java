package io.jenkins.registrypull.store;

import io.jenkins.registrypull.reference.Digest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@link BlobStore#prune} did.
 *
 * @param budgetBytes     the size the store was asked to fit in
 * @param blobsBefore     blobs in the store before
 * @param bytesBefore     their total size
 * @param blobsAfter      blobs left
 * @param bytesAfter      their total size; above the budget only when blobs in use had to stay
 * @param evicted         the blobs deleted, least recently used first
 * @param bytesFreed      their total size (space on disk is freed only where no output still links them)
 * @param blobsInUse      candidates kept because a running pull held them (or used them meanwhile)
 * @param staleTemps      temp files of killed pulls deleted
 * @param lockFilesRemoved lock files of absent blobs deleted (only when no pull was running)
 */
public record PruneResult(Path store, long budgetBytes, int blobsBefore, long bytesBefore, int blobsAfter,
                          long bytesAfter, List<Digest> evicted, long bytesFreed, int blobsInUse, int staleTemps,
                          int lockFilesRemoved, Duration took) {

    public PruneResult {
        evicted = List.copyOf(evicted);
    }

    /** Whether the store now fits the budget. */
    public boolean withinBudget() {
        return bytesAfter <= budgetBytes;
    }
}
