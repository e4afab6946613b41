package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What {@code /proc} tells about processes: who runs, under which name. */
final class ProcFiles {

    private ProcFiles() {
    }

    /** The ids of every process of the machine. */
    static List<Long> allPids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path entry : proc) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    pids.add(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc", e);
        }
        return pids;
    }

    /** The executable's short name of a process (from /proc/PID/comm), for reports. */
    static String processName(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
