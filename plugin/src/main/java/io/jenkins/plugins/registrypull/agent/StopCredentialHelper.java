package io.jenkins.plugins.registrypull.agent;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.remoting.Channel;
import io.jenkins.registrypull.credhelper.HelperStopClient;
import java.io.IOException;
import java.nio.file.Path;
import jenkins.security.MasterToSlaveCallable;

/**
 * Ends a block's credentials on the agent: asks the server on the handle's port to stop, with the stop token only the
 * controller holds. Returns true if it stopped now, false if it was already gone (its channel closed, the agent
 * restarted): either way nothing is served any more. It also removes the directory if a dead server left it, and the
 * channel listener that would have stopped the server when the controller goes away.
 */
public final class StopCredentialHelper extends MasterToSlaveCallable<Boolean, IOException> {
    private static final long serialVersionUID = 2L;

    @NonNull
    private final CredentialHelperHandle handle;

    public StopCredentialHelper(@NonNull CredentialHelperHandle handle) {
        this.handle = handle;
    }

    @Override
    public Boolean call() throws IOException {
        boolean stopped = HelperStopClient.stopAndRemove(handle.getPort(), handle.getStopToken().getPlainText(),
                Path.of(handle.getDirectory()));
        Channel channel = Channel.current();
        if (channel != null) {
            // the server is gone: its stop-on-close listener would only pin it on the channel until the agent disconnects
            channel.removeListener(StartCredentialHelper.StopOnClose.key(handle.getDirectory()));
        }
        return stopped;
    }

    @Override
    public String toString() {
        return "StopCredentialHelper[" + handle.getDirectory() + "]";
    }
}
