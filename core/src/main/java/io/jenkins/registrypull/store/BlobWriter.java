package io.jenkins.registrypull.store;

import io.jenkins.registrypull.api.VerificationException;
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
 */
public final class BlobWriter implements AutoCloseable {

    private final BlobStore store;
    private final Digest expected;
    private final long expectedSize;
    private final Path temp;
    private final FileChannel channel;
    private final MessageDigest hash;
    private long written;
    private boolean done;

    BlobWriter(BlobStore store, Digest expected, long expectedSize, Path temp) throws IOException {
        this.store = store;
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.temp = temp;
        this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.hash = expected.newMessageDigest();
    }

    /** Appends bytes; fails as soon as the blob grows past its declared size. */
    public void write(byte[] bytes, int offset, int length) throws IOException, VerificationException {
        if (written + length > expectedSize) {
            throw new VerificationException("Blob " + expected + " is larger than the " + expectedSize
                    + " bytes its descriptor declares; the download was discarded.");
        }
        hash.update(bytes, offset, length);
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        written += length;
    }

    public long written() {
        return written;
    }

    /** Verifies size and digest, forces the data to disk, and renames the file into the store. */
    public Path commit() throws IOException, VerificationException {
        if (written != expectedSize) {
            throw new VerificationException("Blob " + expected + " ended after " + written + " of its "
                    + expectedSize + " bytes; the download was discarded.");
        }
        Digest actual = Digest.fromBytes(expected.algorithm(), hash.digest());
        if (!actual.equals(expected)) {
            throw new VerificationException("Blob " + expected + " arrived with digest " + actual
                    + ": the content was altered on the way or the registry is corrupt. The download was discarded.");
        }
        channel.force(false);
        channel.close();
        Path installed = store.install(temp, expected);
        done = true;
        return installed;
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            channel.close();
        }
        if (!done) {
            Files.deleteIfExists(temp);
        }
    }
}
