package io.jenkins.registrypull.cli;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes and rates (decimal units, as docker prints them). */
final class Sizes {

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
}
