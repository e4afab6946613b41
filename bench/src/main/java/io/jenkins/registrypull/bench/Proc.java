package io.jenkins.registrypull.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of a process from {@code /proc/PID/stat}: user + system, its own and its waited-for children's. */
final class Proc {

    /** Clock ticks per second of {@code /proc} times; 100 on Linux x86-64. */
    static final double TICKS = 100.0;

    private Proc() {
    }

    /** Seconds of CPU (utime + stime + cutime + cstime) of {@code pid} so far; -1 if it is gone. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state=0 ... utime=11 stime=12 cutime=13 cstime=14
            return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]))
                    / TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static double selfCpuSeconds() {
        return cpuSeconds(ProcessHandle.current().pid());
    }

    /** The 1-minute load average. */
    static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
