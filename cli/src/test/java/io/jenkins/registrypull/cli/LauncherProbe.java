package io.jenkins.registrypull.cli;

import java.lang.management.ManagementFactory;

/**
 * Stands in for the CLI in {@link LauncherScriptTest}: prints the Java version, whether class data is shared
 * ({@code java.vm.info} says "sharing" when the JVM mapped an AOT cache or CDS archive) and the JVM's flags, then
 * exits 0, or 3 when its arguments contain {@code fail}.
 */
public final class LauncherProbe {

    private LauncherProbe() {
    }

    public static void main(String[] args) {
        System.out.println("java=" + Runtime.version().feature());
        System.out.println("vm=" + System.getProperty("java.vm.info"));
        System.out.println("flags=" + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        if (java.util.List.of(args).contains("fail")) {
            System.exit(3);
        }
    }
}
