package io.jenkins.registrypull.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.api.RegistryException;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.store.BlobStore;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the image as a docker-archive tar file, the format of {@code docker save}, loadable with
 * {@code docker load -i FILE} (docker 20.10 and later) and {@code podman load -i FILE}. See
 * {@link DockerArchiveWriter} for the layout.
 *
 * <p>The manifest gives every blob's size, so the archive is laid out when the pull starts: each tar header is
 * written at once, and each blob's bytes go straight into their place while they download (a {@link BlobTee}),
 * so writing the archive overlaps the download instead of copying every blob after it. Blobs the store already
 * had are copied in when handed over. Nothing reads the temporary file before the commit, and the commit
 * comes only after every blob verified.
 *
 * <p>The archive is written to a temporary name next to the file and renamed over it only once
 * complete, so the file is either the previous one or the whole new image. The image
 * is tagged with the pulled reference ({@code RepoTags}); a reference by digest only is untagged
 * (docker then names it by its image id, the config digest).
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
        private final FileChannel channel;
        private final DockerArchiveWriter.Layout layout;
        private final Map<Digest, SlotTee> tees = new HashMap<>();
        private final Map<Digest, Path> files = new HashMap<>();
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
                this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                this.layout = DockerArchiveWriter.layout(image);
                for (DockerArchiveWriter.Piece piece : layout.pieces()) {
                    writeFully(ByteBuffer.wrap(piece.bytes()), piece.offset());
                }
                layout.slots().forEach((digest, slot) -> tees.put(digest, new SlotTee(slot)));
                ok = true;
            } finally {
                if (!ok) {
                    close();
                }
            }
        }

        @Override
        public BlobTee tee(Descriptor blob) {
            return tees.get(blob.digest());
        }

        @Override
        public void accept(Descriptor blob, Path verifiedFile) throws IOException {
            files.put(blob.digest(), verifiedFile);
            SlotTee tee = tees.get(blob.digest());
            if (tee == null || tee.verified) {
                return; // the manifest (written with the layout), or a blob whose download already filled its slot
            }
            try (FileChannel in = FileChannel.open(verifiedFile, StandardOpenOption.READ)) {
                long size = in.size();
                if (size != tee.slot.size()) {
                    throw new IOException("blob " + blob.digest() + " in the store has " + size + " bytes, not "
                            + tee.slot.size());
                }
                long copied = 0;
                while (copied < size) { // in the kernel: the blob is already in the page cache
                    copied += channel.transferFrom(in.position(copied), tee.slot.offset() + copied, size - copied);
                }
            }
        }

        @Override
        public SinkResult commit() throws IOException, RegistryException {
            channel.position(layout.end());
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
            DockerArchiveWriter.afterLayout(out, json, image, layout, files).finish();
            out.flush();
            // No fdatasync: the archive is a build product for the same build's next steps, not a cache trusted
            // later (the store's blobs are synced). A crash loses the build anyway; the rename still keeps readers
            // from ever seeing half an archive. Syncing 630 MB cost about a second (docs/performance.md).
            channel.close();
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
            String tag = DockerArchiveWriter.repoTag(image.reference());
            return new SinkResult(file.toString(), null, List.of("docker-archive " + file + " written ("
                    + Files.size(file) + " bytes), " + (tag != null ? "tagged " + tag : "untagged (digest reference)")));
        }

        private void writeFully(ByteBuffer bytes, long position) throws IOException {
            long at = position;
            while (bytes.hasRemaining()) {
                at += channel.write(bytes, at);
            }
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // the temp file goes anyway
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort
            }
        }

        /** A blob's slot in the archive, filled by its download as the bytes arrive (positional writes). */
        private final class SlotTee implements BlobTee {
            private final DockerArchiveWriter.Slot slot;
            private volatile boolean verified;

            SlotTee(DockerArchiveWriter.Slot slot) {
                this.slot = slot;
            }

            @Override
            public void write(long offset, byte[] bytes, int start, int length) throws IOException {
                if (offset < 0 || offset + length > slot.size()) {
                    throw new IOException("bytes " + offset + ".." + (offset + length) + " are outside the blob's "
                            + slot.size());
                }
                writeFully(ByteBuffer.wrap(bytes, start, length), slot.offset() + offset);
            }

            @Override
            public void verified() {
                verified = true;
            }
        }
    }
}
