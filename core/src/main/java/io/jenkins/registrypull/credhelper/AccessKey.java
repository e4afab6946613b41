package io.jenkins.registrypull.credhelper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A random per-block key: 32 bytes from {@link SecureRandom}, written as 64 hex digits. A block has two: the
 * <em>capability</em> its helper presents with every request (kept in the block's owner-only {@code key} file), and
 * the <em>stop token</em> only the starter holds. Neither is a registry secret; each only works while its block runs.
 */
final class AccessKey {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String hex;

    private AccessKey(String hex) {
        this.hex = hex;
    }

    static AccessKey random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new AccessKey(HexFormat.of().formatHex(bytes));
    }

    String hex() {
        return hex;
    }

    /** Constant-time comparison, so the time of a refusal says nothing about the key. */
    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII),
                hex.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "AccessKey[****]";
    }
}
