package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scans processes for secrets again and again while something runs: a child process (a {@code docker load}
 * fed by the engine) lives only during the pull, so its {@code /proc/PID/cmdline} and {@code environ} must be
 * read while it runs. Every {@code interval} it scans {@code root} and all its descendants, and, when asked,
 * every process of the machine. {@link #close()} stops it and takes one last sample.
 *
 * <p>{@link #seen()} lists the descendants observed (pid and command line, unless the command line itself held
 * a secret), so a test can check that the process it worried about was really scanned.
 */
public final class ProcessSampler implements AutoCloseable {

    /** What {@link Seen#commandLine()} says of a process whose command line or environment held a secret. */
    public static final String HELD_A_SECRET = "<held a secret>";

    /** A descendant of the root seen while sampling. */
    public record Seen(long pid, String commandLine) {
    }

    private final SecretScanner.Scan scan;
    private final ProcessHandle root;
    private final boolean allProcesses;
    private final long intervalNanos;
    private final Map<Long, Seen> seen = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean stopped;
    private int rounds;

    private ProcessSampler(SecretScanner.Scan scan, ProcessHandle root, boolean allProcesses, Duration interval) {
        this.scan = scan;
        this.root = root;
        this.allProcesses = allProcesses;
        this.intervalNanos = interval.toNanos();
        this.thread = new Thread(this::loop, "process-sampler-" + root.pid());
        thread.setDaemon(true);
    }

    /**
     * Starts sampling {@code root} and its descendants (and every process of the machine if {@code allProcesses})
     * into {@code scan}.
     */
    public static ProcessSampler start(SecretScanner.Scan scan, ProcessHandle root, boolean allProcesses,
            Duration interval) {
        ProcessSampler sampler = new ProcessSampler(scan, root, allProcesses, interval);
        sampler.thread.start();
        return sampler;
    }

    private void loop() {
        long nextAll = 0;
        while (!stopped) {
            sampleTree();
            if (allProcesses && System.nanoTime() >= nextAll) {
                scan.allProcesses();
                nextAll = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500); // the whole table costs more
            }
            try {
                TimeUnit.NANOSECONDS.sleep(intervalNanos);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sampleTree() {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        for (ProcessHandle p : tree) {
            boolean secret = !scan.processHits(p.pid()).isEmpty();
            if (p.pid() != root.pid()) {
                String commandLine = commandLine(p.pid());
                synchronized (seen) {
                    Seen before = seen.get(p.pid());
                    if (secret || (before != null && before.commandLine().equals(HELD_A_SECRET))) {
                        seen.put(p.pid(), new Seen(p.pid(), HELD_A_SECRET));
                    } else if (commandLine != null) {
                        // the latest: right after fork a child still shows its parent's command line
                        seen.put(p.pid(), new Seen(p.pid(), commandLine));
                    }
                }
            }
        }
        synchronized (seen) {
            rounds++;
        }
    }

    private static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            if (raw.length == 0) {
                return null;
            }
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
            return null;
        }
    }

    /** The descendants seen so far. */
    public List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen.values());
        }
    }

    /** How many times the tree was sampled. */
    public int rounds() {
        synchronized (seen) {
            return rounds;
        }
    }

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
            sampleTree();
        }
    }
}
