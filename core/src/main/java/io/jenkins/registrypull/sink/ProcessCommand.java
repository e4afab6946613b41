package io.jenkins.registrypull.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link CommandStarter#LOCAL}: a child process of this JVM. */
final class ProcessCommand implements StartedCommand {

    private final Process process;

    private ProcessCommand(Process process) {
        this.process = process;
    }

    static StartedCommand start(List<String> command) throws IOException {
        return new ProcessCommand(new ProcessBuilder(command).start());
    }

    @Override
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return process.getErrorStream();
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit);
    }

    @Override
    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
