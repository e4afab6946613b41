package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Captures what processes expose while something runs, to be scanned for secrets afterwards: a child process (a
 * {@code docker load} fed by the engine) lives only during the pull, so its {@code /proc/PID/cmdline} and
 * {@code environ} must be read while it runs, and the bearer tokens to look for are only known once the pull is
 * over (the token server issues them during it). Every {@code interval} the sampler copies {@code cmdline} and
 * {@code environ} of {@code root} and all its descendants; optionally those of every process of the machine (every
 * 500 ms), and the content of the regular files the root and its descendants have open (through
 * {@code /proc/PID/fd}, so a temp file already deleted is read too) plus the JVM performance data file
 * {@code /tmp/hsperfdata_USER/PID}. Each distinct content is kept once. {@link #close()} takes a last sample;
 * {@link #scanInto} then scans everything captured.
 *
 * <pre>{@code
 * try (ProcessSampler sampler = ProcessSampler.start(child.handle(), true, true, Duration.ofMillis(10))) {
 *     child.waitFor(...);
 * }
 * sampler.scanInto(scan);
 * assertThat(sampler.seen()).anyMatch(s -> s.commandLine().contains(" load"));
 * }</pre>
 */
public final class ProcessSampler implements AutoCloseable {

    /** What {@link Seen#commandLine()} says of a process whose command line or environment held a secret. */
    public static final String HELD_A_SECRET = "<held a secret>";
    private static final long MAX_OPEN_FILE = 16L * 1024 * 1024;

    /** A descendant of the root seen while sampling, with its last command line (arguments joined by spaces). */
    public record Seen(long pid, String commandLine) {
    }

    private record Capture(long pid, String where, byte[] content) {
    }

    private final ProcessHandle root;
    private final boolean allProcesses;
    private final boolean openFiles;
    private final long intervalNanos;
    private final Thread thread;
    private final Map<String, Capture> captures = new LinkedHashMap<>();
    private final Map<Long, String> commandLines = new LinkedHashMap<>();
    private final Map<String, String> openFileVersions = new HashMap<>();
    private final List<String> skippedFiles = new ArrayList<>();
    private List<Seen> seen;
    private volatile boolean stopped;
    private int rounds;

    private ProcessSampler(ProcessHandle root, boolean allProcesses, boolean openFiles, Duration interval) {
        this.root = root;
        this.allProcesses = allProcesses;
        this.openFiles = openFiles;
        this.intervalNanos = interval.toNanos();
        this.thread = new Thread(this::loop, "process-sampler-" + root.pid());
        thread.setDaemon(true);
    }

    /**
     * Starts sampling {@code root} and its descendants, every process of the machine if {@code allProcesses}, and
     * their open files if {@code openFiles}.
     */
    public static ProcessSampler start(ProcessHandle root, boolean allProcesses, boolean openFiles,
            Duration interval) {
        ProcessSampler sampler = new ProcessSampler(root, allProcesses, openFiles, interval);
        sampler.sample(true);
        sampler.thread.start();
        return sampler;
    }

    private void loop() {
        long nextAll = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (!stopped) {
            boolean all = allProcesses && System.nanoTime() >= nextAll;
            sample(all);
            if (all) {
                nextAll = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500); // the whole table costs more
            }
            try {
                TimeUnit.NANOSECONDS.sleep(intervalNanos);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample(boolean everyProcess) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        for (ProcessHandle p : tree) {
            captureProcess(p.pid());
            if (openFiles) {
                captureOpenFiles(p.pid());
            }
            if (p.pid() != root.pid()) {
                byte[] cmdline = read(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
                if (cmdline != null && cmdline.length > 0) {
                    // the latest: right after fork a child still shows its parent's command line
                    commandLines.put(p.pid(), new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ').strip());
                }
            }
        }
        if (everyProcess && allProcesses) {
            try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"))) {
                for (Path entry : proc) {
                    String name = entry.getFileName().toString();
                    if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                        captureProcess(Long.parseLong(name));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot list /proc", e);
            }
        }
        rounds++;
    }

    private void captureProcess(long pid) {
        String name = ProcFiles.processName(pid);
        for (String part : List.of("cmdline", "environ")) {
            byte[] content = read(Path.of("/proc", Long.toString(pid), part));
            if (content != null) {
                keep(pid, "pid " + pid + " (" + name + ") " + part, content);
            }
        }
    }

    private void captureOpenFiles(long pid) {
        List<Path> handles = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds.forEach(handles::add);
        } catch (IOException gone) {
            // exited
        }
        try (DirectoryStream<Path> perf = Files.newDirectoryStream(Path.of("/tmp"), "hsperfdata_*")) {
            for (Path dir : perf) {
                handles.add(dir.resolve(Long.toString(pid)));
            }
        } catch (IOException none) {
            // no performance data directory
        }
        String javaHome = System.getProperty("java.home");
        for (Path handle : handles) {
            try {
                String target = handle.startsWith("/proc") ? Files.readSymbolicLink(handle).toString() : handle.toString();
                if (!target.startsWith("/") || target.startsWith("/proc/") || target.startsWith("/sys/")
                        || target.startsWith("/dev/") || target.endsWith(".jar") || target.contains(".so")
                        || target.startsWith(javaHome) || target.startsWith("/usr/lib/jvm/")) {
                    continue;
                }
                BasicFileAttributes attributes = Files.readAttributes(handle, BasicFileAttributes.class);
                if (!attributes.isRegularFile()) {
                    continue;
                }
                if (attributes.size() > MAX_OPEN_FILE) {
                    skippedFiles.add(target);
                    continue;
                }
                String version = attributes.size() + "@" + attributes.lastModifiedTime().toMillis();
                if (version.equals(openFileVersions.put(target, version)) && !target.contains("hsperfdata_")) {
                    continue;
                }
                byte[] content = read(handle);
                if (content != null) {
                    keep(pid, "open file " + target + " of pid " + pid, content);
                }
            } catch (IOException gone) {
                // closed or exited meanwhile
            }
        }
    }

    private void keep(long pid, String where, byte[] content) {
        captures.putIfAbsent(where + "\0" + sha256(content), new Capture(pid, where, content));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null; // gone (ENOENT, ESRCH) or not ours to read
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops sampling after one last sample. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (root.isAlive()) {
            sample(false);
        }
    }

    /**
     * Scans everything captured; afterwards {@link #seen()} can be read. Call after {@link #close()}, with a
     * scanner that knows every secret (also the tokens issued during the run).
     */
    public synchronized void scanInto(SecretScan scan) {
        if (!stopped) {
            throw new IllegalStateException("close the sampler first");
        }
        Map<Long, Boolean> held = new HashMap<>();
        for (Capture c : captures.values()) {
            scan.bytes(c.where(), c.content());
            scan.countProcess(c.pid());
            boolean procEntry = c.where().endsWith(" cmdline") || c.where().endsWith(" environ");
            if (procEntry && scan.hits().stream().anyMatch(h -> h.where().equals(c.where()))) {
                held.put(c.pid(), true);
            }
        }
        List<Seen> result = new ArrayList<>();
        commandLines.forEach((pid, line) -> result.add(new Seen(pid, held.getOrDefault(pid, false) ? HELD_A_SECRET
                : line)));
        this.seen = List.copyOf(result);
    }

    /** The descendants of the root seen while sampling; a command line that held a secret is not shown. */
    public synchronized List<Seen> seen() {
        if (seen == null) {
            throw new IllegalStateException("scan the captures first (scanInto)");
        }
        return seen;
    }

    /** How many times the tree was sampled. */
    public synchronized int rounds() {
        return rounds;
    }

    /** Open files of the processes that were captured (paths as the processes had them open). */
    public synchronized List<String> openFilesCaptured() {
        return List.copyOf(openFileVersions.keySet());
    }

    /** Open files too large to capture (not scanned). */
    public synchronized List<String> skippedFiles() {
        return List.copyOf(skippedFiles);
    }
}
