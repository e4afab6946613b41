package io.jenkins.plugins.registrypull.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import io.jenkins.plugins.registrypull.Messages;
import io.jenkins.plugins.registrypull.Target;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.sink.Sink;
import java.io.File;
import java.util.Map;

/** The engine's {@link Sink} for a target, created on the agent. */
final class AgentSinks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentSinks() {
    }

    /**
     * @param target      a decided target (never AUTO)
     * @param output      the file or directory for file targets (inside the workspace), else null
     * @param environment the build's environment as seen on the agent (PATH, DOCKER_HOST, CONTAINER_HOST...)
     */
    @NonNull
    static Sink create(@NonNull Target target, File output, @NonNull Map<String, String> environment)
            throws AbortException {
        switch (target) {
            case OCI:
                return new OciLayoutSink(output.toPath(), null, JSON);
            default:
                throw new AbortException(Messages.RegistryPull_TargetUnavailable(target.id()));
        }
    }
}
