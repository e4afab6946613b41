package io.jenkins.registrypull.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A small layer of chosen entries, built in memory: directories, regular files, whiteouts, hard
 * links and symlinks, the entry kinds a puller and {@code docker load} must get right.
 *
 * <p>Every entry has mtime 2024-01-01T00:00:00Z and uid/gid 0, so the same entries always give
 * the same digest.
 *
 * <pre>{@code
 * Layer layer = new TarLayerBuilder()
 *         .directory("etc/")
 *         .file("etc/motd", "hello\n")
 *         .hardLink("etc/motd.hard", "etc/motd")
 *         .symlink("etc/motd.sym", "motd")
 *         .whiteout("etc/removed.conf")
 *         .build();
 * }</pre>
 */
public final class TarLayerBuilder {

    static final FileTime MTIME = FileTime.from(Instant.parse("2024-01-01T00:00:00Z"));

    private final List<Entry> entries = new ArrayList<>();
    private boolean endOfArchive = true;

    /** A directory; a trailing {@code /} is added when missing. */
    public TarLayerBuilder directory(String path) {
        entries.add(new Entry(TarConstants.LF_DIR, path.endsWith("/") ? path : path + "/", null, new byte[0], 0755));
        return this;
    }

    public TarLayerBuilder file(String path, String content) {
        return file(path, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public TarLayerBuilder file(String path, byte[] content, int mode) {
        entries.add(new Entry(TarConstants.LF_NORMAL, path, null, content.clone(), mode));
        return this;
    }

    /**
     * An AUFS/OCI whiteout: deletes {@code path} of a lower layer, written as the empty regular
     * file {@code dir/.wh.name}.
     */
    public TarLayerBuilder whiteout(String path) {
        int slash = path.lastIndexOf('/');
        String whiteout = path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
        entries.add(new Entry(TarConstants.LF_NORMAL, whiteout, null, new byte[0], 0644));
        return this;
    }

    /** A hard link to an earlier entry of the same layer ({@code target} is a path in the archive). */
    public TarLayerBuilder hardLink(String path, String target) {
        entries.add(new Entry(TarConstants.LF_LINK, path, target, new byte[0], 0644));
        return this;
    }

    /** A symbolic link; {@code target} is written as given, relative or absolute. */
    public TarLayerBuilder symlink(String path, String target) {
        entries.add(new Entry(TarConstants.LF_SYMLINK, path, target, new byte[0], 0777));
        return this;
    }

    /**
     * Leaves out the two zero blocks that end a tar archive, a quirk of real images that docker
     * and podman accept.
     */
    public TarLayerBuilder withoutEndOfArchive() {
        this.endOfArchive = false;
        return this;
    }

    /** Writes the tar, gzips it at the default level, and returns the layer with its digests. */
    public Layer build() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            LayerWriter writer = new LayerWriter(bytes, Deflater.DEFAULT_COMPRESSION, endOfArchive);
            for (Entry entry : entries) {
                write(writer.tar(), entry);
            }
            return writer.finish(() -> ByteSource.of(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(TarArchiveOutputStream tar, Entry entry) throws IOException {
        TarArchiveEntry header = new TarArchiveEntry(entry.name, entry.type);
        header.setMode(modeBits(entry.type) | entry.mode);
        header.setModTime(MTIME);
        header.setIds(0, 0);
        header.setNames("root", "root");
        if (entry.linkTarget != null) {
            header.setLinkName(entry.linkTarget);
        }
        header.setSize(entry.type == TarConstants.LF_NORMAL ? entry.content.length : 0);
        tar.putArchiveEntry(header);
        if (entry.type == TarConstants.LF_NORMAL) {
            tar.write(entry.content);
        }
        tar.closeArchiveEntry();
    }

    private static int modeBits(byte type) {
        return switch (type) {
            case TarConstants.LF_DIR -> 040000;
            case TarConstants.LF_SYMLINK -> 0120000;
            default -> 0100000;
        };
    }

    private record Entry(byte type, String name, String linkTarget, byte[] content, int mode) {
    }
}
