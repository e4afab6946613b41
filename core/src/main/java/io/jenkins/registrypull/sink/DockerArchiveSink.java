package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.store.BlobStore;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes the image as a docker-archive tar file, the format of {@code docker save}, loadable with
 * {@code docker load -i FILE} (docker 20.10 and later) and {@code podman load -i FILE}. See
 * {@link DockerArchiveWriter} for the layout.
 *
 * <p>The archive is written to a temporary name next to the file and renamed over it only once
 * complete, so the file is either the previous one or the whole new image. The image
 * is tagged with the pulled reference ({@code RepoTags}); for a reference by digest only with a tag
 * derived from the digest ({@link LocalTag}), so {@code docker load -i} gives it a name. The result's local
 * reference is {@code docker-archive:FILE}, which skopeo and podman read directly.
 */
public final class DockerArchiveSink implements Sink {

    private final Path file;
    private final JsonTrees json;

    public DockerArchiveSink(Path file, JsonTrees json) {
        this.file = file.toAbsolutePath().normalize();
        this.json = json;
    }

    @Override
    public String describe() {
        return "docker-archive " + file;
    }

    @Override
    public SinkSession open(ResolvedImage image, BlobStore store) throws IOException, RegistryException {
        return new Session(image);
    }

    private final class Session implements SinkSession {
        private final ResolvedImage image;
        private final Path temp;
        private final Path createdDirectory;
        private final OutputStream out;
        private final DockerArchiveWriter writer;
        private boolean done;

        Session(ResolvedImage image) throws IOException, RegistryException {
            this.image = image;
            checkExisting();
            Path dir = file.getParent();
            this.createdDirectory = firstMissing(dir);
            Files.createDirectories(dir);
            boolean ok = false;
            Path created = null;
            try {
                created = OutputFiles.createTemp(file);
                this.temp = created;
                // buffered: commons-compress hands its output over in 512-byte tar records; unbuffered, one write
                // call each made the archive take twice as long (docs/performance.md)
                this.out = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS), 256 * 1024);
                this.writer = new DockerArchiveWriter(out, json, image);
                ok = true;
            } finally {
                if (!ok) {
                    if (created != null) {
                        Files.deleteIfExists(created);
                    }
                    deleteCreatedDirectories();
                }
            }
        }

        @Override
        public void accept(Descriptor blob, Path verifiedFile) throws IOException {
            writer.blob(blob.digest(), verifiedFile);
        }

        @Override
        public SinkResult commit() throws IOException, RegistryException {
            writer.finish();
            out.flush();
            // No fdatasync: the archive is a build product for the same build's next steps, not a cache trusted
            // later (the store's blobs are synced). A crash loses the build anyway; the rename still keeps readers
            // from ever seeing half an archive. Syncing 630 MB cost about a second (docs/performance.md).
            out.close();
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
            String tag = DockerArchiveWriter.repoTag(image.reference());
            return new SinkResult(file.toString(), null, List.of("docker-archive " + file + " written ("
                    + Files.size(file) + " bytes), tagged " + tag), "docker-archive:" + file);
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            try {
                out.close();
            } catch (IOException ignored) {
                // the temp file goes anyway
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort
            }
            deleteCreatedDirectories();
        }

        /** Removes the directories this session created for the archive, if they are still empty. */
        private void deleteCreatedDirectories() {
            if (createdDirectory == null) {
                return;
            }
            for (Path dir = file.getParent(); dir != null && dir.startsWith(createdDirectory); dir = dir.getParent()) {
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException notEmptyOrGone) {
                    return;
                }
            }
        }
    }

    /**
     * Refuses to replace what is not a previous archive: a directory, a symbolic link, a device or FIFO, or a
     * regular file that is not a tar (a file of the user's that happens to have the name). A previous archive, or
     * an empty file, is replaced by the rename at the commit.
     */
    private void checkExisting() throws IOException, RegistryException {
        BasicFileAttributes existing = OutputFiles.attributes(file);
        if (existing == null) {
            return;
        }
        String problem;
        if (existing.isDirectory()) {
            problem = "is a directory; a docker-archive output must be a file name";
        } else if (existing.isSymbolicLink()) {
            problem = "is a symbolic link";
        } else if (!existing.isRegularFile()) {
            problem = "is not a regular file";
        } else if (existing.size() > 0 && !isTar(file)) {
            problem = "is not a tar archive";
        } else {
            return;
        }
        throw new InvalidInputException("output", file + " " + problem + "; refusing to replace it with the"
                + " docker-archive. Name a new file, or remove that one if it is yours.");
    }

    /** A POSIX tar starts with a header whose magic at offset 257 is {@code ustar}. */
    private static boolean isTar(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
            byte[] header = in.readNBytes(512);
            return header.length == 512 && new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        }
    }

    /** The top-most directory of {@code dir}'s ancestry that does not exist yet, or null if {@code dir} exists. */
    private static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }
}
