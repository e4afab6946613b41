package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Helpers for the directories of the container engine fixtures: who runs the tests, and how to
 * remove a tree a daemon may have mounted parts of.
 */
final class PrivateDirs {

    static final String INSTALL_HINT = "run scripts/install-test-deps.sh (Debian packages docker.io and podman)";

    private PrivateDirs() {
    }

    /** The effective user id of this JVM (the owner of /proc/self). */
    static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /** Throws, naming the install script, unless {@code file} is an executable. */
    static void requireExecutable(String file, String what) {
        if (!Files.isRegularFile(Path.of(file)) || !Files.isExecutable(Path.of(file))) {
            throw new IllegalStateException(what + " is not installed (" + file + " is missing): " + INSTALL_HINT);
        }
    }

    /** Mount points at or under {@code dir}, deepest first. */
    static List<String> mountsUnder(Path dir) {
        List<String> mounts = new ArrayList<>();
        String prefix = dir.toAbsolutePath().normalize().toString();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                String[] fields = line.split(" ");
                if (fields.length > 4) {
                    String mountPoint = fields[4].replace("\\040", " ");
                    if (mountPoint.equals(prefix) || mountPoint.startsWith(prefix + "/")) {
                        mounts.add(mountPoint);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        mounts.sort(Comparator.comparingInt(String::length).reversed());
        return mounts;
    }

    /** Unmounts whatever is mounted under {@code dir} (a daemon killed before it could), then deletes it. */
    static void remove(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        for (String mount : mountsUnder(dir)) {
            Commands.run(List.of("/usr/bin/umount", "--lazy", mount), new byte[0], Map.of(), Duration.ofSeconds(30));
        }
        TempDirs.deleteRecursively(dir);
    }
}
