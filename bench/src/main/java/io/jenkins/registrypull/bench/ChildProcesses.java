package io.jenkins.registrypull.bench;

import java.util.ArrayList;
import java.util.List;

/** Every process the harness started, so that the clean-up can stop those still running. */
final class ChildProcesses {

    private final List<Process> children = new ArrayList<>();

    Process track(Process process) {
        children.add(process);
        return process;
    }

    void destroyAlive() {
        for (Process p : children) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }
}
