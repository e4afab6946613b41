package io.jenkins.registrypull.manifest;

import io.jenkins.registrypull.error.InvalidInputException;

import java.io.Serial;
import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An operating system and CPU architecture, with the normalisations containerd and docker
 * apply: x86_64 is amd64, aarch64 is arm64, arm64 without a variant is arm64/v8, arm without a
 * variant is arm/v7.
 *
 * @param variant   null when there is none
 * @param osVersion only meaningful for Windows images; null otherwise
 */
public record Platform(String os, String architecture, String variant, String osVersion) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final Pattern PART = Pattern.compile("[a-z0-9_.-]+");

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
    }

    public static Platform of(String os, String architecture, String variant) {
        return new Platform(os, architecture, variant, null);
    }

    /**
     * Parses {@code os/architecture[/variant]}, e.g. {@code linux/arm64/v8}.
     *
     * @param field named in the error
     */
    public static Platform parse(String value, String field) throws InvalidInputException {
        String accepted = "expected os/architecture[/variant], e.g. linux/amd64 or linux/arm64/v8";
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "a platform is required; " + accepted);
        }
        String[] parts = value.trim().toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new InvalidInputException(field, "'" + value + "' is not a platform; " + accepted);
        }
        for (String part : parts) {
            if (!PART.matcher(part).matches()) {
                throw new InvalidInputException(field, "'" + value + "' has an empty or invalid part; " + accepted);
            }
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null, null).normalized();
    }

    /** The platform of the JVM running the pull (as docker would pull for this machine). */
    public static Platform current() {
        String osName = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
        String os = osName.startsWith("windows") ? "windows" : osName.startsWith("mac") ? "darwin" : osName.startsWith(
                "freebsd") ? "freebsd" : "linux";
        return new Platform(os, System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT), null, null)
                .normalized();
    }

    /** Applies the usual aliases and default variants. */
    public Platform normalized() {
        String o = os.toLowerCase(Locale.ROOT);
        if (o.equals("macos")) {
            o = "darwin";
        }
        String arch = architecture.toLowerCase(Locale.ROOT);
        String v = variant == null || variant.isEmpty() ? null : variant.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "x86_64", "x86-64", "amd64" -> {
                arch = "amd64";
                if ("v1".equals(v)) {
                    v = null;
                }
            }
            case "aarch64", "arm64" -> {
                arch = "arm64";
                if (v == null || v.equals("8") || v.equals("v8")) {
                    v = "v8";
                }
            }
            case "armhf" -> {
                arch = "arm";
                v = "v7";
            }
            case "armel" -> {
                arch = "arm";
                v = "v6";
            }
            case "arm" -> {
                if (v == null) {
                    v = "v7";
                } else if (v.matches("[5-8]")) {
                    v = "v" + v;
                }
            }
            case "i386", "i686", "x86", "386" -> arch = "386";
            default -> {
            }
        }
        return new Platform(o, arch, v, osVersion);
    }

    /** Whether an index entry with platform {@code offered} runs here, ignoring Windows os.version. */
    public boolean matches(Platform offered) {
        Platform a = normalized();
        Platform b = offered.normalized();
        return a.os.equals(b.os) && a.architecture.equals(b.architecture) && Objects.equals(a.variant, b.variant);
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
