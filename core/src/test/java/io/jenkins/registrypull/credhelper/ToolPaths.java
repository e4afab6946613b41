package io.jenkins.registrypull.credhelper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PATH directories that each hold only what one way of reaching the server needs, so a test pins the way the helper
 * script takes: the script uses {@code command -v}, and finds exactly these.
 */
final class ToolPaths {
    /** How the helper reaches the server. */
    enum Way {
        /** OpenBSD netcat (the agent's). */
        NC,
        /** busybox's nc and applets only (docker:cli, kaniko debug). */
        BUSYBOX_NC,
        /** No nc: bash's /dev/tcp (a Debian or Fedora image without netcat). */
        BASH,
        /** Neither: the agent JVM's java. */
        JAVA,
        /** Not even coreutils beyond the basics: nothing can reach the server. */
        NOTHING
    }

    private static final List<String> BASICS = List.of("head", "cat", "id", "stat");

    private ToolPaths() {
    }

    /** The directory for {@code way} under {@code root}, created on first use. */
    static synchronized String path(Path root, Way way) {
        Path dir = root.resolve("tools-" + way.name().toLowerCase(java.util.Locale.ROOT));
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                if (way == Way.BUSYBOX_NC) {
                    Path busybox = Path.of("/usr/bin/busybox");
                    if (!Files.isExecutable(busybox)) {
                        throw new IllegalStateException("busybox is missing: scripts/install-test-deps.sh installs it");
                    }
                    for (String applet : List.of("head", "cat", "id", "stat", "nc", "sh")) {
                        Files.createSymbolicLink(dir.resolve(applet), busybox);
                    }
                } else {
                    List<String> tools = new ArrayList<>(BASICS);
                    if (way == Way.NC) {
                        tools.add("nc");
                    } else if (way == Way.BASH) {
                        tools.add("bash");
                    }
                    for (String tool : tools) {
                        Files.createSymbolicLink(dir.resolve(tool), which(tool));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.toString();
    }

    private static Path which(String tool) {
        for (String d : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException(tool + " is missing: scripts/install-test-deps.sh installs it");
    }
}
