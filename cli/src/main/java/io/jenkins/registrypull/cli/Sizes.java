package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.error.InvalidInputException;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human-readable sizes and rates (decimal units, as docker prints them), and sizes as options take them. */
final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?");

    private Sizes() {
    }

    static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String rate(long bytes, Duration took) {
        double seconds = Math.max(took.toNanos(), 1) / 1e9;
        return human((long) (bytes / seconds)) + "/s";
    }

    /**
     * Parses a size option: a number of bytes, or a number with K, M, G or T (powers of 1024, as
     * {@code du -h} means them; {@code KiB}, {@code MB} and the like are read the same way).
     */
    static long parse(String value, String field) throws InvalidInputException {
        String accepted = "expected a number of bytes or e.g. 500M, 10G, 1.5T (K, M, G, T are powers of 1024)";
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "a size is required; " + accepted);
        }
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidInputException(field, "'" + value + "' is not a size; " + accepted);
        }
        int power = m.group(2).isEmpty() ? 0 : "kmgt".indexOf(m.group(2)) + 1;
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new InvalidInputException(field, "'" + value + "' is too large");
        }
        return bytes.longValue();
    }
}
