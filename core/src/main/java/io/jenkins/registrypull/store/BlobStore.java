package io.jenkins.registrypull.store;

import io.jenkins.registrypull.api.VerificationException;
import io.jenkins.registrypull.reference.Digest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A content-addressed directory of verified blobs, {@code ROOT/blobs/<algorithm>/<hex>}.
 *
 * <p>A blob only ever appears under its final name after it was hashed and its size checked:
 * writers stream into {@code ROOT/tmp/}, force the data to disk, and rename atomically. So a
 * file under {@code blobs/} is always complete and correct, whatever happened to the process
 * that wrote it, and later pulls reuse it without fetching it again.
 */
public final class BlobStore {

    private final Path root;

    public BlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Where the verified blob lives (whether or not it exists yet). */
    public Path pathOf(Digest digest) {
        return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    /** Whether a verified copy of the blob with that size is present. */
    public boolean contains(Digest digest, long size) {
        Path path = pathOf(digest);
        try {
            return Files.isRegularFile(path) && Files.size(path) == size;
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts writing a blob that must hash to {@code digest} and have exactly {@code size} bytes. */
    public BlobWriter newWriter(Digest digest, long size) throws IOException {
        Path tmp = tmpDir();
        Path file = Files.createTempFile(tmp, digest.hex().substring(0, 12) + "-", ".part");
        return new BlobWriter(this, digest, size, file);
    }

    /** Stores small content already in memory (a manifest), after checking it hashes to {@code digest}. */
    public Path put(Digest digest, byte[] content) throws IOException, VerificationException {
        if (contains(digest, content.length)) {
            return pathOf(digest);
        }
        try (BlobWriter writer = newWriter(digest, content.length)) {
            writer.write(content, 0, content.length);
            return writer.commit();
        }
    }

    Path tmpDir() throws IOException {
        return Files.createDirectories(root.resolve("tmp"));
    }

    /** Moves a verified temp file into place; if another writer won the race the content is identical. */
    Path install(Path verifiedTemp, Digest digest) throws IOException {
        Path target = pathOf(digest);
        Files.createDirectories(target.getParent());
        try {
            Files.move(verifiedTemp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException alreadyThere) {
            Files.deleteIfExists(verifiedTemp);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the blob store " + root + " is on a file system without atomic rename", e);
        }
        fsyncDirectory(target.getParent());
        return target;
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // some file systems cannot fsync a directory; the rename is still atomic
        }
    }
}
