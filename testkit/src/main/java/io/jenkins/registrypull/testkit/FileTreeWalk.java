package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Hands a {@link SecretScan} every regular file under a root, and the names of files, directories and symlink
 * targets as texts; symlinks are not followed, sockets, FIFOs and devices not read, /proc, /sys, /dev and /run
 * skipped.
 */
final class FileTreeWalk {

    private static final Set<String> SPECIAL_ROOTS = Set.of("/proc", "/sys", "/dev", "/run");

    private final SecretScan scan;

    FileTreeWalk(SecretScan scan) {
        this.scan = scan;
    }

    void walk(Path path) {
        for (String special : SPECIAL_ROOTS) {
            if (path.startsWith(special)) {
                return;
            }
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return;
        } catch (IOException e) {
            scan.unreadable(path + ": " + e.getClass().getSimpleName());
            return;
        }
        if (attributes.isRegularFile()) {
            scan.file(path);
        } else if (attributes.isSymbolicLink()) {
            try {
                scan.text("symlink target of " + path, Files.readSymbolicLink(path).toString());
            } catch (IOException ignored) {
                // gone
            }
        } else if (attributes.isDirectory()) {
            scan.text("name of directory " + path.getParent(), path.getFileName() == null ? ""
                    : path.getFileName().toString());
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                entries.forEach(children::add);
            } catch (NoSuchFileException gone) {
                return;
            } catch (FileSystemException e) {
                scan.unreadable(path + ": " + e.getClass().getSimpleName());
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Path child : children) {
                if (!Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    scan.text("file name in " + path, child.getFileName().toString());
                }
                walk(child);
            }
        }
        // sockets, FIFOs and devices are not read: reading could block or never end
    }
}
