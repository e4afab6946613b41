package io.jenkins.registrypull.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the bytes of a blob are: in memory for manifests, configs and small layers, in a file
 * for big layers, which are only ever streamed.
 */
@FunctionalInterface
public interface ByteSource {

    /** A fresh stream over all the bytes, from the start. */
    InputStream open() throws IOException;

    /** All bytes in memory; for small blobs only. */
    default byte[] readAllBytes() {
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ByteSource of(byte[] bytes) {
        byte[] copy = bytes.clone();
        return () -> new ByteArrayInputStream(copy);
    }

    static ByteSource of(Path file) {
        return () -> Files.newInputStream(file);
    }
}
