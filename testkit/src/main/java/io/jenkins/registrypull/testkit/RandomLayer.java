package io.jenkins.registrypull.testkit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * A layer holding one file of pseudo-random bytes, streamed to a file: for benchmarks and for
 * proving a client keeps its heap bounded (3 x 200 MiB must never be held in memory, here or
 * in the puller).
 *
 * <p>Random bytes cannot be compressed, so gzip runs at level 0 (stored blocks): the layer is
 * still a valid {@code tar+gzip}, only about the size of its content, and is written at disk
 * speed. The same seed and size always give the same digest.
 */
public final class RandomLayer {

    private static final int CHUNK = 64 * 1024;

    private RandomLayer() {
    }

    /**
     * Writes {@code dir/random-<seed>-<size>.tar.gz} with a file {@code random/<seed>.bin} of
     * {@code size} random bytes.
     */
    public static Layer write(Path dir, long size, long seed) {
        Path file = dir.resolve("random-" + seed + "-" + size + ".tar.gz");
        try (OutputStream sink = new BufferedOutputStream(Files.newOutputStream(file), CHUNK)) {
            LayerWriter writer = new LayerWriter(sink, Deflater.NO_COMPRESSION, true);
            TarArchiveEntry entry = new TarArchiveEntry("random/" + seed + ".bin");
            entry.setSize(size);
            entry.setMode(0100644);
            entry.setModTime(TarLayerBuilder.MTIME);
            entry.setIds(0, 0);
            writer.tar().putArchiveEntry(entry);
            writeRandom(writer.tar(), size, seed);
            writer.tar().closeArchiveEntry();
            return writer.finish(() -> ByteSource.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a random layer to " + file, e);
        }
    }

    private static void writeRandom(OutputStream out, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[CHUNK];
        ByteBuffer buffer = ByteBuffer.wrap(chunk);
        long remaining = size;
        while (remaining > 0) {
            buffer.clear();
            while (buffer.remaining() >= Long.BYTES) {
                buffer.putLong(random.nextLong());
            }
            int n = (int) Math.min(CHUNK, remaining);
            out.write(chunk, 0, n);
            remaining -= n;
        }
    }
}
