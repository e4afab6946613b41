package io.jenkins.registrypull.sink;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Places a verified store blob into an output directory: a hard link when source and target
 * share a file system (instant, no extra space), else a copy through a temporary name so the
 * target never holds a partial file.
 */
final class BlobLinker {

    private BlobLinker() {
    }

    /** @return true if the target was created, false if it already existed */
    static boolean place(Path source, Path target) throws IOException {
        if (Files.exists(target)) {
            return false;
        }
        Files.createDirectories(target.getParent());
        try {
            Files.createLink(target, source);
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;
        } catch (IOException | UnsupportedOperationException crossDeviceOrUnsupported) {
            Path temp = target.resolveSibling(target.getFileName() + ".part");
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }
}
