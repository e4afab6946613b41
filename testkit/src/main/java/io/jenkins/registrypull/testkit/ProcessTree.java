package io.jenkins.registrypull.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops one process and everything it started, by process id, and waits until they are gone.
 *
 * <p>Why by id and not by name: other developers and CI runs share the machine, and a
 * {@code pkill docker-registry} would kill their registries too. Descendants are collected
 * before the root is signalled, because once the root dies they are re-parented and can no
 * longer be found from it.
 */
public final class ProcessTree {

    private ProcessTree() {
    }

    /**
     * Sends SIGTERM to the process and its descendants, waits up to {@code grace}, then
     * SIGKILLs whatever is left and waits for that too.
     *
     * @return true when every process of the tree has exited
     */
    public static boolean stop(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>();
        root.descendants().forEach(tree::add);
        tree.add(0, root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : tree) {
            awaitExit(handle, Math.max(0, deadline - System.nanoTime()));
        }
        boolean allGone = true;
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                handle.destroyForcibly();
                allGone &= awaitExit(handle, TimeUnit.SECONDS.toNanos(10));
            }
        }
        return allGone;
    }

    /** {@link #stop(ProcessHandle, Duration)} for a child of this JVM, also reaping its exit status. */
    public static boolean stop(Process process, Duration grace) {
        boolean gone = stop(process.toHandle(), grace);
        try {
            return process.waitFor(10, TimeUnit.SECONDS) && gone;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean awaitExit(ProcessHandle handle, long nanos) {
        try {
            handle.onExit().get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return !handle.isAlive();
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }
}
