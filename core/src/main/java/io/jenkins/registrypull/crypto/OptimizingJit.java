package io.jenkins.registrypull.crypto;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;

/**
 * Whether this JVM's JIT includes C2, the compiler that turns the JDK's SHA-256 into the CPU's SHA instructions.
 * With C2, the JDK hashes a 200 MiB blob as fast as AWS-LC from the first pull on (135 ms against 110 ms in a fresh
 * JVM on the benchmark machine), while loading Amazon Corretto Crypto Provider costs about 200 ms; without it
 * ({@code -XX:TieredStopAtLevel=1} as bin/registry-pull runs, or {@code -Xint}), the JDK's SHA-256 is ten times
 * slower (1.3 s for the same blob) and native code pays off (docs/performance.md, cold start).
 */
final class OptimizingJit {

    private OptimizingJit() {
    }

    /** True unless the JVM is HotSpot running without C2; any other JVM is trusted with its own SHA-256. */
    static boolean available() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hotspot == null) {
                return true;
            }
            if ("false".equals(hotspot.getVMOption("UseCompiler").getValue())) {
                return false; // -Xint compiles nothing at all
            }
            return "false".equals(hotspot.getVMOption("TieredCompilation").getValue())
                    || Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue()) >= 4;
        } catch (RuntimeException | LinkageError notHotSpot) {
            // IllegalArgumentException for an option this JVM lacks; NoClassDefFoundError without jdk.management
            return true;
        }
    }
}
