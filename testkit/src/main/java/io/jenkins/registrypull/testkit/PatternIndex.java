package io.jenkins.registrypull.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The patterns keyed by their last {@value #ANCHOR} bytes, behind a Bloom filter: a byte stream is checked against
 * every pattern with one filter probe per byte and a map look-up only when the filter says maybe.
 */
final class PatternIndex {

    /** Bytes of a pattern's end used as its key; no pattern is shorter ({@link SecretScanner#MIN_FORM_LENGTH}). */
    static final int ANCHOR = 8;
    private static final int BLOOM_BITS = 1 << 20;

    private final Map<Long, List<SecretPattern>> byAnchor = new HashMap<>();
    private final long[] bloom = new long[BLOOM_BITS / 64];
    private final int maxLength;

    PatternIndex(List<SecretPattern> patterns) {
        int max = 0;
        for (SecretPattern p : patterns) {
            long anchor = anchorOf(p.bytes(), p.bytes().length);
            byAnchor.computeIfAbsent(anchor, a -> new ArrayList<>()).add(p);
            int bit = bloomBit(anchor);
            bloom[bit >>> 6] |= 1L << (bit & 63);
            max = Math.max(max, p.bytes().length);
        }
        this.maxLength = max;
    }

    /** The longest pattern, in bytes: how much of a stream a matcher must remember. */
    int maxLength() {
        return maxLength;
    }

    /** The patterns whose last {@value #ANCHOR} bytes are {@code window}; null if none. */
    List<SecretPattern> endingWith(long window) {
        int bit = bloomBit(window);
        if ((bloom[bit >>> 6] & (1L << (bit & 63))) == 0) {
            return null;
        }
        return byAnchor.get(window);
    }

    private static long anchorOf(byte[] bytes, int end) {
        long anchor = 0;
        for (int i = end - ANCHOR; i < end; i++) {
            anchor = (anchor << 8) | (bytes[i] & 0xff);
        }
        return anchor;
    }

    private static int bloomBit(long anchor) {
        return (int) ((anchor * 0x9E3779B97F4A7C15L) >>> (64 - 20));
    }
}
