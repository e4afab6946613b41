package io.jenkins.registrypull.sink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Drains one output stream of a child process on its own thread, keeping only the first bytes:
 * a child whose pipe is not read blocks, and one that prints without end must not fill the heap.
 */
final class OutputCapture {

    static final int LIMIT = 16 * 1024;

    private final Thread thread;
    private final byte[] kept = new byte[LIMIT];
    private int length; // guarded by this
    private long total; // guarded by this

    OutputCapture(InputStream in, String name) {
        this.thread = new Thread(() -> drain(in), name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void drain(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                synchronized (this) {
                    int keep = Math.min(n, LIMIT - length);
                    System.arraycopy(buffer, 0, kept, length, keep);
                    length += keep;
                    total += n;
                }
            }
        } catch (IOException closed) {
            // the child is gone
        }
    }

    /** Waits (bounded) until the child closed the stream, then returns what was kept. */
    String await(long millis) throws InterruptedException {
        thread.join(millis);
        return text();
    }

    synchronized String text() {
        String text = new String(Arrays.copyOf(kept, length), StandardCharsets.UTF_8);
        return total > length ? text + "\n[" + (total - length) + " more bytes not kept]" : text;
    }

    /** The first {@code lines} non-blank lines, joined by " / ", for one-line error messages. */
    String firstLines(int lines) {
        StringBuilder s = new StringBuilder();
        int count = 0;
        for (String line : text().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (count++ == lines) {
                s.append(" / ...");
                break;
            }
            if (s.length() > 0) {
                s.append(" / ");
            }
            s.append(line.strip());
        }
        return s.toString();
    }
}
