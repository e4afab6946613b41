package io.jenkins.registrypull.sink;

import java.io.IOException;

/**
 * Where a {@link SinkSession} takes a blob's bytes while they download, so that writing the output
 * overlaps the download instead of following it. The bytes are not verified yet: a session may put
 * them only where nothing reads them before {@link SinkSession#commit()}, and must not rely on them
 * unless {@link #verified()} was called.
 */
public interface BlobTee {

    /**
     * Bytes that sit at {@code offset} of the blob. Called from a download thread, possibly at the same
     * time as the tees of other blobs; a download that starts a blob over writes the same offsets again.
     */
    void write(long offset, byte[] bytes, int start, int length) throws IOException;

    /** The blob verified, and the last bytes written at every offset from 0 to its size are its content. */
    void verified();
}
