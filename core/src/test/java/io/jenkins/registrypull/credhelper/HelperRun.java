package io.jenkins.registrypull.credhelper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the helper as docker does: {@code docker-credential-registrypull ACTION} with the request on stdin. */
record HelperRun(int exitCode, String stdout, String stderr, long millis) {

    static HelperRun run(Path helper, String action, String stdin) throws IOException, InterruptedException {
        return run(List.of(helper.toString(), action), stdin, Map.of());
    }

    static HelperRun run(List<String> command, String stdin, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process p = builder.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8)); // docker writes the URL without a newline
        } catch (IOException ignored) {
            // the helper may exit without reading (store/erase drain it, but a gone server may not)
        }
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the helper hung: " + command);
        }
        return new HelperRun(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8), (System.nanoTime() - started) / 1_000_000);
    }
}
