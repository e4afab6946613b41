package io.jenkins.registrypull.testkit;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Passes bytes through while counting them and computing their SHA-256. */
final class HashingOutputStream extends FilterOutputStream {

    private final MessageDigest digest = Digests.newSha256();
    private long count;

    HashingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digest.update(b, off, len);
        count += len;
    }

    long count() {
        return count;
    }

    /** The digest of everything written; call once, after the last write. */
    String digest() {
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }
}
