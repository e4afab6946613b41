package io.jenkins.registrypull.mirror;

import io.jenkins.registrypull.error.InvalidInputException;

import java.util.Locale;

/**
 * Which pulls a mirror serves (containers-registries.conf(5) {@code pull-from-mirror}): a tag can
 * point at different images on a mirror that is out of date, a digest cannot.
 */
public enum PullFromMirror {
    /** Pulls by tag and by digest (the default). */
    ALL("all"),
    /** Only pulls by digest: a tag is never resolved on this mirror. */
    DIGEST_ONLY("digest-only"),
    /** Only pulls by tag. */
    TAG_ONLY("tag-only");

    private final String value;

    PullFromMirror(String value) {
        this.value = value;
    }

    /** The value as written in registries.conf. */
    public String value() {
        return value;
    }

    /** Parses a registries.conf value; null or blank is {@link #ALL}. */
    public static PullFromMirror parse(String text, String field) throws InvalidInputException {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        for (PullFromMirror p : values()) {
            if (p.value.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new InvalidInputException(field, "'" + text + "' is not a pull-from-mirror value; accepted: all,"
                + " digest-only, tag-only");
    }

    /** Whether a mirror with this setting serves a pull by digest ({@code digested}) or by tag. */
    public boolean serves(boolean digested) {
        return switch (this) {
            case ALL -> true;
            case DIGEST_ONLY -> digested;
            case TAG_ONLY -> !digested;
        };
    }
}
