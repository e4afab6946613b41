package io.jenkins.registrypull.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * File operations in an output location the engine does not trust (a Jenkins workspace, whose files can
 * come from the checked-out repository): temporary names nobody can guess, created with
 * {@code CREATE_NEW} (which never follows a symbolic link), writes that never go through a planted link,
 * and reads of regular files only, with a size cap.
 */
final class OutputFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private OutputFiles() {
    }

    /** A name next to {@code target} that nobody can predict, not created: {@code .NAME.<random>.tmp}. */
    static Path unusedSibling(Path target) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return target.resolveSibling("." + target.getFileName() + "." + HexFormat.of().formatHex(random) + ".tmp");
    }

    /** A new empty file next to {@code target} with an unpredictable name, created with {@code CREATE_NEW}, mode 0600. */
    static Path createTemp(Path target) throws IOException {
        return Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
    }

    /**
     * Writes {@code content} to a fresh temporary file and renames it over {@code target}: a symbolic link planted
     * at the target is replaced, not written through; readers see the old file or the new one.
     */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temp = createTemp(target);
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
                out.write(content);
            }
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // keeps the temp file's mode
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The attributes of {@code path} itself (a link is not followed), or null if nothing is there. */
    static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return null;
        }
    }

    /**
     * Reads at most {@code max} bytes of a regular file, not through a link.
     *
     * @return the content, or null if the file has more than {@code max} bytes
     */
    static byte[] readCapped(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] content = in.readNBytes(max + 1);
            return content.length > max ? null : content;
        }
    }
}
