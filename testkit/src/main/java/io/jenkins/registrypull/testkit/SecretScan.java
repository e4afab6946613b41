package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The hits of one {@link SecretScanner} and counts of what was scanned, accumulated over several sources (file
 * trees, files, texts, throwables, processes); thread-safe. {@link #assertClean()} fails listing every hit, never a
 * secret.
 */
public final class SecretScan {

    private final PatternIndex index;
    private final String searched;
    private final Set<SecretScanner.Hit> hits = new LinkedHashSet<>();
    private final Set<String> unreadable = new LinkedHashSet<>();
    private final Set<Long> processes = new LinkedHashSet<>();
    private long files;
    private long bytes;
    private long texts;

    /** @param searched what the scanner looks for, for the summary ("N secrets in M forms") */
    SecretScan(PatternIndex index, String searched) {
        this.index = index;
        this.searched = searched;
    }

    /** Scans every regular file under each root (or the root itself if it is a file); symlinks are not followed. */
    public SecretScan tree(Path... roots) {
        FileTreeWalk walk = new FileTreeWalk(this);
        for (Path root : roots) {
            walk.walk(root.toAbsolutePath().normalize());
        }
        return this;
    }

    /** Scans one file, streamed. */
    public SecretScan file(Path file) {
        return file(file, "file " + file);
    }

    /** Scans one file, streamed, reporting hits as found in {@code where}. */
    public SecretScan file(Path file, String where) {
        try (InputStream in = Files.newInputStream(file)) {
            PatternMatcher m = new PatternMatcher(index);
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) != -1) {
                m.feed(buffer, 0, n);
                total += n;
            }
            record(where, m, total);
            synchronized (this) {
                files++;
            }
        } catch (NoSuchFileException gone) {
            // deleted while we looked
        } catch (IOException e) {
            unreadable(file + ": " + e.getClass().getSimpleName());
        }
        return this;
    }

    /** Scans text (a log, console output, a message) in UTF-8. */
    public SecretScan text(String where, String text) {
        if (text != null) {
            bytes(where, text.getBytes(StandardCharsets.UTF_8));
            synchronized (this) {
                texts++;
            }
        }
        return this;
    }

    /** Scans bytes (e.g. a serialized object). */
    public SecretScan bytes(String where, byte[] content) {
        record(where, matched(content), content.length);
        return this;
    }

    /**
     * Scans a throwable as a user or a log would see it: {@code toString()}, {@code getMessage()},
     * {@code getLocalizedMessage()} and the printed stack trace, which includes every cause and
     * suppressed exception.
     */
    public SecretScan throwable(String where, Throwable t) {
        return t == null ? this : text(where, ThrowableText.of(t));
    }

    /** Scans {@code /proc/PID/cmdline} and {@code /proc/PID/environ} of one process, if it still runs. */
    public SecretScan process(long pid) {
        processHits(pid);
        return this;
    }

    /** Like {@link #process(long)}; returns the hits of this one look (also when they were found before). */
    public List<SecretScanner.Hit> processHits(long pid) {
        String name = ProcFiles.processName(pid);
        List<SecretScanner.Hit> found = new ArrayList<>();
        for (String part : List.of("cmdline", "environ")) {
            Path file = Path.of("/proc", Long.toString(pid), part);
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (AccessDeniedException denied) {
                unreadable(file.toString());
                continue;
            } catch (IOException gone) {
                continue; // the process exited while we looked (ENOENT, ESRCH)
            }
            PatternMatcher m = matched(content);
            String where = "pid " + pid + " (" + name + ") " + part;
            for (SecretPattern p : m.found()) {
                found.add(new SecretScanner.Hit(where, p.label(), p.form()));
            }
            record(where, m, content.length);
        }
        countProcess(pid);
        return found;
    }

    /** Counts a process as scanned (its captured cmdline and environ were scanned as bytes). */
    public synchronized SecretScan countProcess(long pid) {
        processes.add(pid);
        return this;
    }

    /** Scans a process and all its descendants. */
    public SecretScan processTree(ProcessHandle root) {
        process(root.pid());
        root.descendants().forEach(p -> process(p.pid()));
        return this;
    }

    /** Scans every process of the machine that this user may inspect (all of them, as root). */
    public SecretScan allProcesses() {
        ProcFiles.allPids().forEach(this::process);
        return this;
    }

    public synchronized List<SecretScanner.Hit> hits() {
        return List.copyOf(hits);
    }

    /** Regular files read. */
    public synchronized long filesScanned() {
        return files;
    }

    /** Bytes read from files, texts and processes. */
    public synchronized long bytesScanned() {
        return bytes;
    }

    /** Texts scanned (logs, messages, names). */
    public synchronized long textsScanned() {
        return texts;
    }

    /** Distinct process ids whose cmdline and environ were read. */
    public synchronized Set<Long> processesScanned() {
        return Set.copyOf(processes);
    }

    /** Files or directories that could not be read (so were not scanned). */
    public synchronized Set<String> unreadable() {
        return Set.copyOf(unreadable);
    }

    /** Throws an AssertionError listing every hit (never a secret) unless there is none. */
    public SecretScan assertClean() {
        List<SecretScanner.Hit> found = hits();
        if (!found.isEmpty()) {
            StringBuilder s = new StringBuilder("secrets found (" + found.size() + "):");
            found.forEach(h -> s.append("\n  ").append(h));
            s.append("\n").append(summary());
            throw new AssertionError(s.toString());
        }
        return this;
    }

    /** What was scanned, for reports. */
    public synchronized String summary() {
        return "scanned " + files + " files, " + texts + " texts, " + processes.size() + " processes, " + bytes
                + " bytes, for " + searched + (unreadable.isEmpty() ? "" : "; unreadable: " + unreadable);
    }

    @Override
    public String toString() {
        return summary();
    }

    synchronized void unreadable(String what) {
        unreadable.add(what);
    }

    private PatternMatcher matched(byte[] content) {
        PatternMatcher m = new PatternMatcher(index);
        m.feed(content, 0, content.length);
        return m;
    }

    private synchronized void record(String where, PatternMatcher m, long length) {
        bytes += length;
        for (SecretPattern p : m.found()) {
            hits.add(new SecretScanner.Hit(where, p.label(), p.form()));
        }
    }
}
