package io.jenkins.registrypull.testkit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;

/**
 * The key id docker's libtrust gives a public key, which registry 2.x uses to find the
 * certificate of {@code auth.token.rootcertbundle} that verifies a token with a {@code kid} header.
 *
 * <p>Definition (libtrust {@code keyIDFromCryptoKey}): SHA-256 of the DER SubjectPublicKeyInfo,
 * first 240 bits, RFC 4648 base32 without padding (exactly 48 characters), cut into 12 groups of
 * 4 joined by {@code ':'}, e.g. {@code OD6I:6DRK:JXEJ:KBM4:255X:NSAA:MUSF:E4VM:ZI6W:CUN2:L4Z6:LSF4}.
 */
public final class LibtrustKeyId {

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private LibtrustKeyId() {
    }

    public static String of(PublicKey key) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String encoded = base32(hash, 30);
        StringBuilder id = new StringBuilder(59);
        for (int i = 0; i < encoded.length(); i += 4) {
            if (i > 0) {
                id.append(':');
            }
            id.append(encoded, i, i + 4);
        }
        return id.toString();
    }

    /** Base32 of the first {@code length} bytes; {@code length} must be a multiple of 5 so no padding arises. */
    private static String base32(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder(length * 8 / 5);
        long buffer = 0;
        int bits = 0;
        for (int i = 0; i < length; i++) {
            buffer = (buffer << 8) | (bytes[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(int) (buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return out.toString();
    }
}
