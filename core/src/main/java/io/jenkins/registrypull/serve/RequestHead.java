package io.jenkins.registrypull.serve;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The start of one HTTP/1.1 request: method, path and the one header {@link LoopbackRegistry} reads ({@code Range}).
 * Requests to the loopback registry have no body. The head is bounded ({@value #MAX_HEAD} bytes): a client that sends
 * more, or something that is not HTTP (a TLS ClientHello, which dockerd tries first), gets no answer but a close.
 *
 * @param method     {@code GET}, {@code HEAD}, ...
 * @param path       the request target, without a query
 * @param rangeStart the first byte asked for by {@code Range: bytes=N-[M]}, else 0
 * @param rangeEnd   the last byte asked for, or -1 for "to the end"
 */
record RequestHead(String method, String path, long rangeStart, long rangeEnd) {

    static final int MAX_HEAD = 16 * 1024;
    private static final int TLS_HANDSHAKE = 0x16;

    boolean hasRange() {
        return rangeStart > 0 || rangeEnd >= 0;
    }

    /** Reads one request head; null when the stream is not an HTTP request (closed, TLS, too long, malformed). */
    static RequestHead read(InputStream in) throws IOException {
        byte[] head = new byte[MAX_HEAD];
        int length = 0;
        while (length < head.length) {
            int b = in.read();
            if (b < 0 || (length == 0 && b == TLS_HANDSHAKE)) {
                return null;
            }
            head[length++] = (byte) b;
            if (length >= 4 && head[length - 4] == '\r' && head[length - 3] == '\n' && head[length - 2] == '\r'
                    && head[length - 1] == '\n') {
                return parse(new String(head, 0, length - 4, StandardCharsets.ISO_8859_1));
            }
        }
        return null;
    }

    static RequestHead parse(String text) {
        String[] lines = text.split("\r\n");
        String[] start = lines[0].split(" ");
        if (start.length != 3 || !start[2].startsWith("HTTP/1.")) {
            return null;
        }
        String path = start[1];
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        long rangeStart = 0;
        long rangeEnd = -1;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("range")) {
                long[] range = range(lines[i].substring(colon + 1).trim());
                if (range == null) {
                    return null;
                }
                rangeStart = range[0];
                rangeEnd = range[1];
            }
        }
        return new RequestHead(start[0], path, rangeStart, rangeEnd);
    }

    /** {@code bytes=N-} or {@code bytes=N-M}, the forms a resuming client sends; null for anything else. */
    private static long[] range(String value) {
        if (!value.startsWith("bytes=")) {
            return null;
        }
        String[] bounds = value.substring(6).split("-", -1);
        if (bounds.length != 2 || bounds[0].isEmpty()) {
            return null;
        }
        try {
            long first = Long.parseLong(bounds[0]);
            long last = bounds[1].isEmpty() ? -1 : Long.parseLong(bounds[1]);
            return first < 0 || (last >= 0 && last < first) ? null : new long[] {first, last};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
