package io.jenkins.registrypull.testkit;

/**
 * A gzip-compressed tar layer.
 *
 * @param blob the compressed bytes, as pushed and as the manifest lists them
 * @param diffId {@code sha256:} of the uncompressed tar, as the config's {@code rootfs.diff_ids} lists it
 * @param uncompressedSize length of the uncompressed tar
 * @param endOfArchive whether the tar ends with the two zero blocks (some real layers do not)
 */
public record Layer(Blob blob, String diffId, long uncompressedSize, boolean endOfArchive) {

    public String digest() {
        return blob.digest();
    }

    public long size() {
        return blob.size();
    }
}
