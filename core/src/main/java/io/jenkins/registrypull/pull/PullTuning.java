package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.store.Durability;

import java.util.Objects;

/**
 * The two settings the benchmark varies (docs/performance.md, "fsync policy and read buffer") and nothing else
 * does: the size of the buffer blobs are copied through, and whether each blob is forced to disk before its rename.
 * Jenkins and the CLI use {@link #DEFAULT}; bench/ builds the others.
 *
 * @param readBufferBytes the copy loop fills this buffer before hashing and writing it, so SHA-256 and the write
 *                        system call run over 64 KiB at a time rather than over each 8 KiB Okio segment; three of
 *                        them are all the heap a pull's downloads need. 8 KiB to 4 MiB.
 * @param durability      whether each blob is synced before its rename
 */
public record PullTuning(int readBufferBytes, Durability durability) {

    public static final int MIN_READ_BUFFER = 8 * 1024;
    public static final int MAX_READ_BUFFER = 4 * 1024 * 1024;
    public static final PullTuning DEFAULT = new PullTuning(64 * 1024, Durability.SYNC_EACH_BLOB);

    public PullTuning {
        if (readBufferBytes < MIN_READ_BUFFER || readBufferBytes > MAX_READ_BUFFER) {
            throw new IllegalArgumentException("readBufferBytes must be between " + MIN_READ_BUFFER + " and "
                    + MAX_READ_BUFFER + ", was " + readBufferBytes);
        }
        Objects.requireNonNull(durability, "durability");
    }
}
