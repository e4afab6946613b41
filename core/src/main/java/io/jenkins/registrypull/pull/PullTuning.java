package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.store.Durability;
import io.jenkins.registrypull.store.Writeback;

import java.util.Objects;

/**
 * The three settings the benchmark varies (docs/performance.md, "fsync policy and read buffer") and nothing else
 * does: the size of the buffer blobs are copied through, whether each blob is forced to disk before its rename, and
 * how often it is synced on the way.
 * Jenkins and the CLI use {@link #DEFAULT}; bench/ builds the others.
 *
 * @param readBufferBytes the copy loop fills this buffer before hashing and writing it, so SHA-256 and the write
 *                        system call run over 64 KiB at a time rather than over each 8 KiB Okio segment; three of
 *                        them are all the heap a pull's downloads need. 8 KiB to 4 MiB.
 * @param durability      whether each blob is synced before its rename
 * @param writebackBytes  a blob being written is synced in the background after each this many bytes, so the sync
 *                        before its rename is short ({@link Writeback}); 0 turns that off. 0 or 1 MiB to 1 GiB.
 */
public record PullTuning(int readBufferBytes, Durability durability, long writebackBytes) {

    public static final int MIN_READ_BUFFER = 8 * 1024;
    public static final int MAX_READ_BUFFER = 4 * 1024 * 1024;
    public static final long MIN_WRITEBACK = 1024 * 1024;
    public static final long MAX_WRITEBACK = 1024L * 1024 * 1024;
    public static final PullTuning DEFAULT = new PullTuning(64 * 1024, Durability.SYNC_EACH_BLOB, 8 * 1024 * 1024);

    public PullTuning {
        if (readBufferBytes < MIN_READ_BUFFER || readBufferBytes > MAX_READ_BUFFER) {
            throw new IllegalArgumentException("readBufferBytes must be between " + MIN_READ_BUFFER + " and "
                    + MAX_READ_BUFFER + ", was " + readBufferBytes);
        }
        Objects.requireNonNull(durability, "durability");
        if (writebackBytes != 0 && (writebackBytes < MIN_WRITEBACK || writebackBytes > MAX_WRITEBACK)) {
            throw new IllegalArgumentException("writebackBytes must be 0 (off) or between " + MIN_WRITEBACK + " and "
                    + MAX_WRITEBACK + ", was " + writebackBytes);
        }
    }
}
