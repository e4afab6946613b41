package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The one pipeline every layer goes through: tar (commons-compress) -> SHA-256 of the
 * uncompressed tar (the diff id) -> gzip -> SHA-256 of the compressed bytes (the digest) -> sink.
 * Nothing is buffered beyond gzip's window, so a layer of any size streams straight to a file.
 */
final class LayerWriter {

    private final HashingOutputStream compressed;
    private final HashingOutputStream uncompressed;
    private final CuttableOutputStream cuttable;
    private final TarArchiveOutputStream tar;
    private final boolean endOfArchive;

    /**
     * @param gzipLevel 0 (stored, for random data that cannot shrink) to 9
     * @param endOfArchive false to leave out the two zero blocks that end a tar
     */
    LayerWriter(OutputStream sink, int gzipLevel, boolean endOfArchive) throws IOException {
        this.compressed = new HashingOutputStream(sink);
        this.uncompressed = new HashingOutputStream(new LeveledGzipOutputStream(compressed, gzipLevel));
        this.cuttable = new CuttableOutputStream(uncompressed);
        this.tar = new TarArchiveOutputStream(cuttable, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        this.endOfArchive = endOfArchive;
    }

    TarArchiveOutputStream tar() {
        return tar;
    }

    /**
     * Ends the tar (with or without its end blocks), closes gzip and the sink, and returns the
     * layer; {@code content} is asked for the bytes only after the sink is closed.
     */
    Layer finish(Supplier<ByteSource> content) throws IOException {
        if (!endOfArchive) {
            tar.flush();
            if (uncompressed.count() % 512 != 0) {
                throw new IllegalStateException("tar entries did not end on a 512-byte record");
            }
            cuttable.cut();
        }
        tar.close();
        Blob blob = new Blob(compressed.digest(), compressed.count(), content.get());
        return new Layer(blob, uncompressed.digest(), uncompressed.count(), endOfArchive);
    }

    /** GZIPOutputStream with a chosen deflate level and a 64 KiB buffer; header mtime is 0, so output is reproducible. */
    private static final class LeveledGzipOutputStream extends GZIPOutputStream {
        LeveledGzipOutputStream(OutputStream out, int level) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(level);
        }
    }
}
