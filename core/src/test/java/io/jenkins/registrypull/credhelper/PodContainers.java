package io.jenkins.registrypull.credhelper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Kubernetes pod, simulated on one machine. A "container" is a process in its own mount namespace
 * ({@code unshare --mount}, as root) with an empty tmpfs over {@code /tmp}, over the JDK and over {@code /root}, with
 * {@code /bin/sh} being busybox, and a PATH holding only busybox applets, skopeo and the docker clients. It shares with
 * the agent only what a pod shares: the workspace directory (the pod's volume) and loopback (its network namespace).
 * It runs as any uid ({@code setpriv}).
 */
final class PodContainers {
    static final Path BUSYBOX = Path.of("/usr/bin/busybox");
    static final String DOCKER_20 = "/usr/bin/docker";
    static final String DOCKER_28 = "/usr/local/bin/docker";

    private final Path podBin;

    /** What a container printed. */
    record Output(int exitCode, String text) {
    }

    /** Builds the container image's PATH directory under {@code root}: busybox applets, skopeo, docker, docker28. */
    PodContainers(Path root) {
        if (!Files.isExecutable(BUSYBOX)) {
            throw new IllegalStateException("busybox is missing: scripts/install-test-deps.sh installs it");
        }
        podBin = root.resolve("podbin");
        try {
            Files.createDirectories(podBin);
            Process list = new ProcessBuilder(BUSYBOX.toString(), "--list").start();
            for (String applet : new String(list.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!applet.isBlank()) {
                    Files.createSymbolicLink(podBin.resolve(applet.strip()), BUSYBOX);
                }
            }
            list.waitFor();
            Files.createSymbolicLink(podBin.resolve("skopeo"), Path.of("/usr/bin/skopeo"));
            Files.createSymbolicLink(podBin.resolve("docker"), Path.of(DOCKER_20));
            Files.createSymbolicLink(podBin.resolve("docker28"), Path.of(DOCKER_28));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Path podBin() {
        return podBin;
    }

    /**
     * Runs {@code script} with busybox {@code sh} in a fresh container as {@code uid}, with exactly {@code env} plus
     * {@code PATH=[prepend:]PODBIN}.
     */
    Output run(int uid, Map<String, String> env, String prependToPath, String script) throws Exception {
        return run(uid, env, prependToPath, script, "");
    }

    /** {@link #run(int, Map, String, String)} with {@code stdin} on the container's standard input. */
    Output run(int uid, Map<String, String> env, String prependToPath, String script, String stdin) throws Exception {
        String javaHome = System.getProperty("java.home");
        StringBuilder inner = new StringBuilder();
        inner.append("set -e; mount -t tmpfs tmpfs /tmp; mount -t tmpfs tmpfs /root; mount -t tmpfs tmpfs ")
                .append(HelperScript.quote(javaHome)).append("; mount --bind /usr/bin/busybox \"$(readlink -f /bin/sh)\"; ")
                .append("exec setpriv --reuid=").append(uid).append(" --regid=").append(uid)
                .append(" --clear-groups -- /usr/bin/env -i");
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--",
                "/bin/bash", "-c"));
        String path = (prependToPath == null ? "" : prependToPath + ":") + podBin;
        inner.append(' ').append(HelperScript.quote("PATH=" + path));
        for (Map.Entry<String, String> e : env.entrySet()) {
            inner.append(' ').append(HelperScript.quote(e.getKey() + "=" + e.getValue()));
        }
        inner.append(" /bin/sh -c ").append(HelperScript.quote(script));
        command.add(inner.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the container hung: " + script);
        }
        return new Output(p.exitValue(), out);
    }
}
