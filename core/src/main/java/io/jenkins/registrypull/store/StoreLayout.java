package io.jenkins.registrypull.store;

import io.jenkins.registrypull.reference.Digest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a store keeps what, and the digest each file name stands for: {@code blobs/<alg>/<hex>} (verified blobs),
 * {@code tmp/<alg>-<hex>-<random>.part} (a writer's file), {@code locks/<alg>/<hex>.lock} ({@link BlobLocks}).
 * Names are made and read back here only, so the three kinds of names cannot drift apart.
 */
final class StoreLayout {

    static final String TEMP_SUFFIX = ".part";
    static final String LOCK_SUFFIX = ".lock";

    /** A blob in the store, as listed. */
    record StoredBlob(Digest digest, Path path, long size, FileTime lastUsed) {
    }

    private final Path root;

    StoreLayout(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path blobsDir() {
        return root.resolve("blobs");
    }

    Path tmpDir() {
        return root.resolve("tmp");
    }

    Path locksDir() {
        return root.resolve("locks");
    }

    /** Where the verified blob lives (whether or not it exists yet). */
    Path pathOf(Digest digest) {
        return blobsDir().resolve(digest.algorithm()).resolve(digest.hex());
    }

    /** The start of the name of every temp file of {@code digest} (a random part and {@link #TEMP_SUFFIX} follow). */
    static String tempPrefix(Digest digest) {
        return digest.algorithm() + "-" + digest.hex() + "-";
    }

    /** The blob a temp file of this name belongs to; null if the name is not one this engine makes. */
    static Digest digestOfTemp(String name) {
        if (!name.endsWith(TEMP_SUFFIX)) {
            return null;
        }
        int first = name.indexOf('-');
        int second = first < 0 ? -1 : name.indexOf('-', first + 1);
        return second < 0 ? null : digest(name.substring(0, first), name.substring(first + 1, second));
    }

    /** The blob a lock file in {@code locks/<algorithm>/} of this name belongs to; null if it is no blob's. */
    static Digest digestOfLockFile(Path algorithmDir, String name) {
        return name.endsWith(LOCK_SUFFIX) ? digest(algorithmDir.getFileName().toString(),
                name.substring(0, name.length() - LOCK_SUFFIX.length())) : null;
    }

    /**
     * The blobs under {@code blobs/}, sorted by path; files and directories that are not named as blobs go to
     * {@code unexpected}.
     */
    List<StoredBlob> listBlobs(List<Path> unexpected) throws IOException {
        List<StoredBlob> blobs = new ArrayList<>();
        if (!Files.isDirectory(blobsDir())) {
            return blobs;
        }
        for (Path algorithmDir : list(blobsDir())) {
            if (!Files.isDirectory(algorithmDir)) {
                unexpected.add(algorithmDir);
                continue;
            }
            for (Path file : list(algorithmDir)) {
                Digest digest = digest(algorithmDir.getFileName().toString(), file.getFileName().toString());
                if (digest == null) {
                    unexpected.add(file);
                    continue;
                }
                BasicFileAttributes attributes = attributesOrNull(file);
                if (attributes == null) {
                    continue; // deleted meanwhile
                }
                if (!attributes.isRegularFile()) {
                    unexpected.add(file);
                    continue;
                }
                blobs.add(new StoredBlob(digest, file, attributes.size(), attributes.lastModifiedTime()));
            }
        }
        return blobs;
    }

    /** The entries of {@code dir}, sorted; none if it is gone. */
    static List<Path> list(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException gone) {
            return entries;
        }
        entries.sort(Comparator.naturalOrder());
        return entries;
    }

    static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    /** The one parse of a digest out of file names: null unless {@code algorithm:hex} is a valid digest. */
    private static Digest digest(String algorithm, String hex) {
        try {
            return Digest.parseTrusted(algorithm + ":" + hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
