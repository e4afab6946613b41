package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in {@code docker} or {@code podman} executable (a shell script) that records, each time it runs, its
 * own {@code /proc/PID/cmdline} and {@code /proc/PID/environ} into {@code records/PID/}, then behaves like the
 * real program for what a pull asks of it: {@code load} reads the whole archive from stdin (so it runs as long as
 * the pull streams) and prints {@code Loaded image ID: sha256:...}; {@code image inspect} prints an id. Tests scan
 * the records for secrets: what the engine gave its child is then on file, whenever the child ran.
 */
public final class FakeEngine {

    /** The id the fake prints for every image. */
    public static final String IMAGE_ID = "sha256:" + "0".repeat(63) + "1";

    private final Path executable;
    private final Path records;

    private FakeEngine(Path executable, Path records) {
        this.executable = executable;
        this.records = records;
    }

    /** Writes {@code dir/bin/NAME} (e.g. {@code docker}) and creates {@code dir/records}. */
    public static FakeEngine create(Path dir, String name) {
        try {
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Path records = Files.createDirectories(dir.resolve("records"));
            Path script = bin.resolve(name);
            Files.writeString(script, """
                    #!/bin/sh
                    # A fake container engine for leak tests: records how it was started, then acts like a load.
                    record="%s/$$"
                    mkdir -p "$record"
                    cat /proc/$$/cmdline > "$record/cmdline"
                    cat /proc/$$/environ > "$record/environ"
                    for arg in "$@"; do
                      case "$arg" in
                        load) cat > /dev/null
                              echo "Loaded image ID: %s"; exit 0 ;;
                        inspect) echo "%s"; exit 0 ;;
                      esac
                    done
                    echo "fake engine: unexpected arguments" >&2
                    exit 2
                    """.formatted(records, IMAGE_ID, IMAGE_ID), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new FakeEngine(script, records);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fake engine in " + dir, e);
        }
    }

    /** The script to give as the engine's executable. */
    public Path executable() {
        return executable;
    }

    /** The directory holding the script, to put first on a PATH. */
    public Path binDir() {
        return executable.getParent();
    }

    /** Where each run recorded its cmdline and environ (one directory per pid). */
    public Path records() {
        return records;
    }

    /** The command lines of the runs so far (arguments separated by spaces). */
    public List<String> commandLines() {
        List<String> lines = new ArrayList<>();
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(records)) {
            for (Path run : runs) {
                Path cmdline = run.resolve("cmdline");
                if (Files.exists(cmdline)) {
                    lines.add(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ').strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
