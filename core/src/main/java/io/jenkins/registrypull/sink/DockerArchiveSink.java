package io.jenkins.registrypull.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.api.RegistryException;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.store.BlobStore;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
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
    private final ObjectMapper json;

    public DockerArchiveSink(Path file, ObjectMapper json) {
        this.file = file.toAbsolutePath().normalize();
        this.json = json;
    }

    @Override
    public String describe() {
        return "docker-archive " + file;
    }

    @Override
    public SinkSession open(ResolvedImage image, BlobStore store) throws IOException {
        return new Session(image);
    }

    private final class Session implements SinkSession {
        private final ResolvedImage image;
        private final Path temp;
        private final OutputStream out;
        private final DockerArchiveWriter writer;
        private boolean done;

        Session(ResolvedImage image) throws IOException {
            this.image = image;
            Path dir = file.getParent();
            Files.createDirectories(dir);
            if (Files.isDirectory(file)) {
                throw new IOException(file + " is a directory; a docker-archive output must be a file name");
            }
            this.temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".part");
            boolean ok = false;
            try {
                // buffered: commons-compress hands its output over in 512-byte tar records; unbuffered, one write
                // call each made the archive take twice as long (docs/performance.md)
                this.out = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING), 256 * 1024);
                this.writer = new DockerArchiveWriter(out, json, image);
                ok = true;
            } finally {
                if (!ok) {
                    Files.deleteIfExists(temp);
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
        }
    }
}
