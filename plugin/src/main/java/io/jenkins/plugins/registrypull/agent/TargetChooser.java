package io.jenkins.plugins.registrypull.agent;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import io.jenkins.plugins.registrypull.Target;
import java.io.File;

/**
 * Decides {@link Target#AUTO} on the agent: {@code docker} when a docker CLI is on the build's PATH (the agent's
 * environment with the build's overrides), else {@code oci}.
 */
public final class TargetChooser {
    private TargetChooser() {
    }

    @NonNull
    public static Target choose(@NonNull Target requested, @CheckForNull String pathVariable) {
        if (requested != Target.AUTO) {
            return requested;
        }
        return findOnPath("docker", pathVariable) != null ? Target.DOCKER : Target.OCI;
    }

    /** The first executable named {@code command} (or {@code command.exe}) in {@code pathVariable}, or null. */
    @CheckForNull
    @SuppressFBWarnings(value = "PATH_TRAVERSAL_IN", justification = "A PATH lookup, as a shell does: the directories "
            + "are the build's own PATH on its own agent, and a candidate is only tested with isFile/canExecute; nothing "
            + "is read, written or run here.")
    public static File findOnPath(@NonNull String command, @CheckForNull String pathVariable) {
        if (pathVariable == null || pathVariable.isEmpty()) {
            return null;
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String name : new String[] {command, command + ".exe"}) {
                File candidate = new File(dir, name);
                if (candidate.isFile() && candidate.canExecute()) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
