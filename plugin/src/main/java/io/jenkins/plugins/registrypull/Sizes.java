package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes, durations and rates for the console and the build page (decimal units, as docker prints). */
public final class Sizes {
    private Sizes() {
    }

    @NonNull
    public static String bytes(long bytes) {
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

    @NonNull
    public static String seconds(@NonNull Duration took) {
        return String.format(Locale.ROOT, "%.1f s", took.toNanos() / 1e9);
    }

    @NonNull
    public static String rate(long bytes, @NonNull Duration took) {
        double seconds = Math.max(took.toNanos(), 1_000_000) / 1e9;
        return bytes((long) (bytes / seconds)) + "/s";
    }
}
