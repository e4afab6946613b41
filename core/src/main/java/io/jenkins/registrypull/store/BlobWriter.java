package io.jenkins.registrypull.store;

import io.jenkins.registrypull.error.VerificationException;
import io.jenkins.registrypull.reference.Digest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Streams one blob into a temporary file of the store, hashing and counting every byte on the
 * way in. {@link #commit()} installs it only if the digest and size match; {@link #close()}
 * without a commit deletes the temporary file, so a failure leaves nothing partial behind.
 *
 * <p>A writer is handed out by {@link BlobLease#claim} to the one thread, of all processes on the
 * machine, that may write this blob now; it holds the blob's write lock until commit or close.
 * A download cut half-way continues into the same writer (a Range request from {@link #written()}):
 * the temp file and the running digest both hold exactly the bytes so far, so nothing is hashed
 * twice; {@link #reset()} starts over when the registry sends the whole blob again.
 *
 * <p>Durability: {@link #commit()} forces the data to disk (fdatasync) before the rename, and the
 * store fsyncs the directory after it; {@link Writeback} starts that on the way, so the last sync
 * is short. A blob is trusted later by its name and size alone, so a
 * power loss must never leave a renamed file whose blocks were not written: with the rename after
 * the sync, a crash leaves either nothing or the whole blob. The cost is measured in
 * docs/performance.md; {@link Durability#NO_SYNC_UNSAFE} skips the sync, for that measurement only
 * (it gives up this guarantee).
 */
public final class BlobWriter implements AutoCloseable {

    /** What happens to the verified temp file on commit, and to the claim when the writer gives up. */
    interface Completion {
        /** Installs the verified, closed temp file; returns the blob's path in the store. */
        Path install(Path verifiedTemp) throws IOException, InterruptedException;

        /** The writer was closed without a commit (its temp file is already deleted). */
        void abandon();
    }

    private final Completion completion;
    private final Durability durability;
    private final Digest expected;
    private final long expectedSize;
    private final Path temp;
    private final FileChannel channel;
    private final MessageDigest hash;
    private final Writeback.Tracker writeback;
    private long written;
    private boolean done;

    BlobWriter(Digest expected, long expectedSize, Path temp, Durability durability, MessageDigest hash,
               Writeback writeback, Completion completion)
            throws IOException {
        this.completion = completion;
        this.durability = durability;
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.temp = temp;
        this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.hash = hash;
        this.writeback = (durability == Durability.SYNC_EACH_BLOB ? writeback : Writeback.none()).track(channel);
    }

    /** Appends bytes; fails as soon as the blob grows past its declared size. */
    public void write(byte[] bytes, int offset, int length) throws IOException, VerificationException {
        if (written + length > expectedSize) {
            throw new VerificationException("Blob " + expected + " is larger than the " + expectedSize
                    + " bytes its descriptor declares; the download was discarded. The registry serves content that does"
                    + " not match the image's manifest: push the image again.");
        }
        hash.update(bytes, offset, length);
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        written += length;
        writeback.wrote(length);
    }

    public long written() {
        return written;
    }

    /** Throws away what was written: the next byte written is the blob's first again. */
    public void reset() throws IOException {
        if (done) {
            throw new IllegalStateException("the writer of " + expected + " is closed");
        }
        channel.truncate(0);
        channel.position(0);
        hash.reset();
        written = 0;
    }

    /** The blob being written. */
    public Digest digest() {
        return expected;
    }

    /**
     * Verifies size and digest, forces the data to disk, and renames the file into the store. The
     * blob is then held by the lease that claimed it, like a blob that was already there.
     */
    public Path commit() throws IOException, VerificationException, InterruptedException {
        if (written != expectedSize) {
            throw new VerificationException("Blob " + expected + " ended after " + written + " of its "
                    + expectedSize + " bytes; the download was discarded. Retry the pull; if it keeps ending early, the"
                    + " registry lacks part of the blob: push the image again.");
        }
        Digest actual = Digest.fromBytes(expected.algorithm(), hash.digest());
        if (!actual.equals(expected)) {
            throw new VerificationException("Blob " + expected + " arrived with digest " + actual
                    + ": the content was altered on the way or the registry is corrupt. The download was discarded."
                    + " If this keeps happening, push the image again, or look for a proxy altering what the registry"
                    + " sends.");
        }
        if (durability == Durability.SYNC_EACH_BLOB) {
            writeback.finish();
            channel.force(false);
        }
        channel.close();
        Path installed = completion.install(temp);
        done = true;
        return installed;
    }

    /** Without a commit: deletes the temp file and gives the blob up for another writer. */
    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        try {
            if (channel.isOpen()) {
                channel.close();
            }
            Files.deleteIfExists(temp);
        } finally {
            completion.abandon();
        }
    }
}
