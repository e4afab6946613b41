package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.reference.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Places a verified store blob into an output directory: a hard link when source and target
 * share a file system (instant, no extra space), else a copy, always under a fresh temporary name
 * that is then renamed over the target, so the target never holds a partial file.
 *
 * <p>The output directory is not trusted (in Jenkins it is in the workspace, whose files can come from
 * the checked-out repository): a file already at the target is kept only when it is the store's own
 * file or hashes to its name; anything else there (other bytes, a symbolic link, a FIFO) is replaced,
 * never read through or written through.
 */
final class BlobLinker {

    /** What {@link #place} found and did. */
    enum Placed {
        /** The target did not exist; it was created. */
        CREATED,
        /** A verified copy was there already and was kept. */
        KEPT,
        /** Something that was not the blob was there; it was replaced by the verified blob. */
        REPLACED
    }

    private static final int BUFFER = 64 * 1024;

    private BlobLinker() {
    }

    static Placed place(Digest digest, Path source, Path target) throws IOException {
        BasicFileAttributes existing = OutputFiles.attributes(target);
        if (existing != null) {
            if (existing.isDirectory()) {
                throw new IOException(target + " is a directory where blob " + digest + " belongs; remove it");
            }
            if (existing.isRegularFile() && isVerifiedCopy(digest, source, target, existing)) {
                return Placed.KEPT;
            }
        } else {
            Files.createDirectories(target.getParent());
        }
        // link(2) never follows a symbolic link at the new name and fails if the name exists
        Path temp = OutputFiles.unusedSibling(target);
        try {
            try {
                Files.createLink(temp, source);
            } catch (java.nio.file.FileAlreadyExistsException planted) {
                throw new IOException("a file appeared at the unpredictable temporary name " + temp
                        + "; something else writes into " + target.getParent());
            } catch (IOException | UnsupportedOperationException crossDeviceOrUnsupported) {
                temp = OutputFiles.createTemp(target);
                copy(source, temp);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return existing == null ? Placed.CREATED : Placed.REPLACED;
    }

    /** The store's own file (a hard link made earlier), or a regular file of the right size and digest. */
    private static boolean isVerifiedCopy(Digest digest, Path source, Path target, BasicFileAttributes existing)
            throws IOException {
        BasicFileAttributes stored = Files.readAttributes(source, BasicFileAttributes.class);
        if (existing.fileKey() != null && Objects.equals(existing.fileKey(), stored.fileKey())) {
            return true;
        }
        if (existing.size() != stored.size()) {
            return false;
        }
        MessageDigest md = digest.newMessageDigest();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(target, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                md.update(buffer, 0, n);
            }
        }
        return Arrays.equals(md.digest(), java.util.HexFormat.of().parseHex(digest.hex()));
    }

    private static void copy(Path source, Path temp) throws IOException {
        // the temp file was created fresh (CREATE_NEW) by us; NOFOLLOW_LINKS guards against a swap since
        try (InputStream in = Files.newInputStream(source);
             OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
            in.transferTo(out);
        }
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("r--r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // the content is verified; the mode only mirrors the store's
        }
    }
}
