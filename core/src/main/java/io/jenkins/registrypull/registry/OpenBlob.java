package io.jenkins.registrypull.registry;

import okhttp3.Call;
import okhttp3.Response;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A blob response being streamed, with its call so another thread can cancel it (which closes
 * the socket and unblocks a pending read; closing the response alone would not).
 */
public record OpenBlob(Call call, Response response) implements AutoCloseable {

    private static final Pattern CONTENT_RANGE = Pattern.compile("\\s*bytes\\s+(\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)\\s*");

    /** A parsed {@code Content-Range: bytes first-last/total}; total is -1 when the registry sent {@code *}. */
    public record ContentRange(long first, long last, long total) {
    }

    /** The response's Content-Range, or null when absent or not of the {@code bytes first-last/total} form. */
    public ContentRange contentRange() {
        return parseContentRange(response.header("Content-Range"));
    }

    public static ContentRange parseContentRange(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = CONTENT_RANGE.matcher(value);
        if (!m.matches()) {
            return null;
        }
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        return last < first ? null : new ContentRange(first, last, total);
    }

    public void cancel() {
        call.cancel();
    }

    @Override
    public void close() {
        response.close();
    }
}
