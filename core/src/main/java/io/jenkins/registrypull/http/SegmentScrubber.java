package io.jenkins.registrypull.http;

import okio.Buffer;

/**
 * Overwrites the Okio segments this thread's requests gave back to Okio's segment pool. Okio keeps
 * up to 64 KiB of recycled segments per bucket of threads, reachable from a static field for the
 * life of the JVM, and recycles them without clearing: after a token request they still hold the
 * form that was sent ({@code grant_type=password&username=...&password=...}) or a Basic header.
 * Taking that many segments from the pool (it hands out the most recently recycled first), filling
 * them with zeros and giving them back leaves no credential there. Called right after a request that
 * carried one, on the thread that sent it (OkHttp writes a synchronous call's request on its caller's
 * thread, so that is the bucket its segments went back to).
 */
public final class SegmentScrubber {

    /** Okio's {@code SegmentPool.MAX_SIZE} per bucket, plus one segment so the pool is surely drained. */
    private static final int POOL_BYTES = 64 * 1024 + 8192;
    private static final byte[] ZEROS = new byte[8192];

    private SegmentScrubber() {
    }

    public static void scrubThisThread() {
        Buffer buffer = new Buffer();
        for (int written = 0; written < POOL_BYTES; written += ZEROS.length) {
            buffer.write(ZEROS);
        }
        buffer.clear();
    }
}
