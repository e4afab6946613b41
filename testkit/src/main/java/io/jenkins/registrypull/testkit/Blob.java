package io.jenkins.registrypull.testkit;

import java.util.Objects;

/**
 * Content addressed by its SHA-256 digest. The media type is not part of a blob: the same layer
 * bytes are a Docker layer in one manifest and an OCI layer in another.
 *
 * @param digest {@code sha256:<64 hex>}
 * @param size length in bytes
 * @param content the bytes
 */
public record Blob(String digest, long size, ByteSource content) {

    public Blob {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(content, "content");
    }

    /** A blob of in-memory bytes, digest computed here. */
    public static Blob of(byte[] bytes) {
        return new Blob(Digests.sha256(bytes), bytes.length, ByteSource.of(bytes));
    }

    public byte[] bytes() {
        return content.readAllBytes();
    }

    /** The hex part of the digest. */
    public String hex() {
        return digest.substring(digest.indexOf(':') + 1);
    }

    @Override
    public String toString() {
        return "Blob[" + digest + ", " + size + " bytes]";
    }
}
