package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs a program in a {@link ChildJava} of its own home and scans everything it could have left a secret in:
 * while it runs, a {@link ProcessSampler} captures {@code cmdline} and {@code environ} of the JVM, of every process
 * it starts and of every process of the machine, and the files they hold open; afterwards the {@link SecretScanner}
 * (built only then, so it knows every token issued during the run) scans those captures, every file under the
 * child's directory (its home, temp directory, working directory, stdout and stderr), the extra directories given,
 * and whatever appeared in {@code /tmp} meanwhile.
 */
public final class LeakRun {

    private static final long MAX_TMP_BYTES = 256L * 1024 * 1024;

    /** What one run left, scanned. */
    public record Result(int exitCode, String stdout, String stderr, SecretScan scan, ProcessSampler sampler,
                         Path dir, Path home) {
    }

    private LeakRun() {
    }

    /**
     * @param child   the program, not started yet, whose directory is {@code dir}
     * @param scanner builds the scanner once the child has exited
     */
    public static Result run(ChildJava.Builder child, Path dir, Duration timeout, Supplier<SecretScanner> scanner,
            Path... alsoScan) throws InterruptedException {
        Set<String> tmpBefore = listTmp();
        int exit;
        String stdout;
        String stderr;
        Path home;
        ProcessSampler sampler;
        try (ChildJava running = child.start()) {
            home = running.home();
            sampler = ProcessSampler.start(running.handle(), true, true, Duration.ofMillis(10));
            try (sampler) {
                exit = running.waitFor(timeout);
            }
            stdout = running.stdout();
            stderr = running.stderr();
        }
        SecretScan scan = scanner.get().newScan();
        sampler.scanInto(scan);
        scan.tree(dir);
        for (Path also : alsoScan) {
            scan.tree(also);
        }
        long tmpBytes = 0;
        for (String created : listTmp()) {
            if (!tmpBefore.contains(created) && tmpBytes < MAX_TMP_BYTES) {
                long before = scan.bytesScanned();
                scan.tree(Path.of("/tmp", created));
                tmpBytes += scan.bytesScanned() - before;
            }
        }
        System.out.println("SCANNED " + dir.getFileName() + ": " + scan.summary() + "; sampled " + sampler.rounds()
                + " times, " + sampler.openFilesCaptured().size() + " open files, descendants " + sampler.seen());
        return new Result(exit, stdout, stderr, scan, sampler, dir, home);
    }

    private static Set<String> listTmp() {
        Set<String> names = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/tmp"))) {
            entries.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
