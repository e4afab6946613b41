package io.jenkins.registrypull.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A long-lived child JVM speaking the {@link Worker} protocol; its stderr goes to WORK/NAME.log. */
final class WorkerJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;

    WorkerJvm(Path work, ChildProcesses children, String name, Class<?> main, List<String> jvmFlags,
              String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        try {
            process = children.track(new ProcessBuilder(command).redirectError(work.resolve(name + ".log").toFile())
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        String ready = readLine();
        if (!"READY".equals(ready)) {
            throw new IllegalStateException(name + " did not start: " + ready + "; see " + name + ".log");
        }
    }

    private String readLine() {
        try {
            return out.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Sends one command; returns the answer's fields after OK (wall cpu heap extra...). */
    String[] call(String command) {
        in.println(command);
        String answer = readLine();
        if (answer == null || !answer.startsWith("OK ")) {
            throw new IllegalStateException("worker answered '" + answer + "' to '" + command + "'");
        }
        return answer.substring(3).split(" ");
    }

    @Override
    public void close() {
        in.println("quit");
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
