package io.jenkins.registrypull.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A long-lived child JVM that runs one pull per command read from stdin and answers one line:
 * {@code OK wall cpu heapPeakMiB extra...} or {@code ERR message}. CPU is this process's user +
 * system time, its waited-for children included (docker load), from /proc.
 */
abstract class Worker {

    /** Runs one command; returns the extra fields of the answer. */
    abstract String run(String[] command) throws Exception;

    final void serve() throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(new PrintStream(System.err, true, StandardCharsets.UTF_8)); // libraries' prints go to stderr
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("READY");
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            if (line.equals("quit")) {
                break;
            }
            String[] command = line.trim().split("\\s+");
            HeapSampler sampler = new HeapSampler();
            try {
                sampler.start();
                double cpu = Proc.selfCpuSeconds();
                long started = System.nanoTime();
                String extra = run(command);
                double wall = (System.nanoTime() - started) / 1e9;
                cpu = Proc.selfCpuSeconds() - cpu;
                sampler.interrupt();
                sampler.join();
                out.println(String.format(Locale.ROOT, "OK %.3f %.2f %.1f %s", wall, cpu, sampler.peak / 1048576.0,
                        extra));
            } catch (Throwable e) {
                sampler.interrupt();
                e.printStackTrace();
                out.println("ERR " + String.valueOf(e).replace('\n', ' '));
            }
        }
    }

    /**
     * The most heap in use (live objects and garbage not yet collected) seen during a command,
     * sampled every 2 ms. Under -Xmx64m it can never pass 64 MiB; how close it gets shows the headroom.
     */
    static final class HeapSampler extends Thread {
        volatile long peak;

        HeapSampler() {
            super("heap-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            var memory = ManagementFactory.getMemoryMXBean();
            while (!isInterrupted()) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    static void resetHeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks since the last reset. */
    static long heapPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    static void deleteTree(Path path) throws java.io.IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
