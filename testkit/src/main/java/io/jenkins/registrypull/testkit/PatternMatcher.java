package io.jenkins.registrypull.testkit;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Streams bytes through the patterns of a {@link PatternIndex}, remembering the last bytes in a ring so a
 * secret split across reads is found too. One matcher per scanned source.
 */
final class PatternMatcher {

    private final PatternIndex index;
    private final byte[] ring;
    private final int mask;
    private long position;
    private long window;
    private final Set<SecretPattern> found = new LinkedHashSet<>();

    PatternMatcher(PatternIndex index) {
        this.index = index;
        int size = Integer.highestOneBit(Math.max(index.maxLength(), PatternIndex.ANCHOR) * 2 - 1) * 2;
        ring = new byte[size];
        mask = size - 1;
    }

    void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            ring[(int) (position & mask)] = b;
            position++;
            window = (window << 8) | (b & 0xff);
            if (position < PatternIndex.ANCHOR) {
                continue;
            }
            List<SecretPattern> candidates = index.endingWith(window);
            if (candidates != null) {
                for (SecretPattern p : candidates) {
                    if (!found.contains(p) && endsHere(p.bytes())) {
                        found.add(p);
                    }
                }
            }
        }
    }

    /**
     * The patterns found so far, less those found only inside a longer form of the same secret found here too
     * (the unpadded base64 in the padded one, a JWT's signature in the whole token).
     */
    Set<SecretPattern> found() {
        Set<SecretPattern> reported = new LinkedHashSet<>();
        for (SecretPattern p : found) {
            if (found.stream().noneMatch(p::isInside)) {
                reported.add(p);
            }
        }
        return reported;
    }

    private boolean endsHere(byte[] pattern) {
        if (position < pattern.length) {
            return false;
        }
        long start = position - pattern.length;
        for (int i = 0; i < pattern.length - PatternIndex.ANCHOR; i++) {
            if (ring[(int) ((start + i) & mask)] != pattern[i]) {
                return false;
            }
        }
        return true;
    }
}
