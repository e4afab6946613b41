package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import java.util.regex.Pattern;

/**
 * Refuses {@code withRegistryAuth} (and the wrapper's {@code registryCredentials}) on a Windows agent before anything
 * starts: the credential helper is a POSIX shell script on a socket, which Windows' docker and podman cannot run.
 * {@code registryPull} needs no helper and works there.
 */
final class WindowsAgents {
    private static final Pattern WINDOWS_PATH = Pattern.compile("^(?:[A-Za-z]:[\\\\/]|\\\\\\\\).*");

    private WindowsAgents() {
    }

    /** Whether the build's commands run on Windows: the launcher says so; without one, the workspace path does. */
    static boolean isWindows(@CheckForNull Launcher launcher, @NonNull FilePath workspace) {
        if (launcher != null) {
            return !launcher.isUnix();
        }
        return isWindowsPath(workspace.getRemote());
    }

    /** {@code C:\...}, {@code C:/...} or a UNC path {@code \\server\share}. */
    static boolean isWindowsPath(@NonNull String remote) {
        return WINDOWS_PATH.matcher(remote).matches();
    }

    /** @param what how the user asked, for the message: {@code withRegistryAuth} or {@code registryCredentials} */
    static void refuseRegistryAuth(@CheckForNull Launcher launcher, @NonNull FilePath workspace, @NonNull String what)
            throws AbortException {
        if (isWindows(launcher, workspace)) {
            throw new AbortException(Messages.WithRegistryAuth_Windows(what));
        }
    }
}
