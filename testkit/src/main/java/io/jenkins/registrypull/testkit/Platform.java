package io.jenkins.registrypull.testkit;

import java.util.Objects;

/** os/architecture(/variant) of an image, as written in configs and index entries. */
public record Platform(String os, String architecture, String variant) {

    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null);
    public static final Platform LINUX_ARM64_V8 = new Platform("linux", "arm64", "v8");
    public static final Platform LINUX_ARM_V7 = new Platform("linux", "arm", "v7");

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
