package io.jenkins.registrypull.sink;

import java.io.IOException;
import java.util.List;

/**
 * Starts a command whose stdin the caller writes: how {@link EngineLoadSink} runs {@code docker load} and
 * {@code image inspect}. The command line holds nothing secret. The command line tool runs it with a
 * {@link ProcessBuilder} ({@link #LOCAL}); the Jenkins plugin runs it through the build's {@code Launcher}, so
 * that launcher decorators (a Kubernetes {@code container()} block, {@code docker.image().inside}) decide where
 * it runs, exactly as for the build's own {@code sh} steps.
 */
@FunctionalInterface
public interface CommandStarter {

    /** Runs commands on this machine with a {@link ProcessBuilder}, in this process's environment. */
    CommandStarter LOCAL = ProcessCommand::start;

    /**
     * Starts {@code command}; its stdin is {@link StartedCommand#stdin()}, its stdout and stderr are read by the
     * caller.
     *
     * @throws IOException when the command cannot be started (e.g. the executable does not exist)
     */
    StartedCommand start(List<String> command) throws IOException;
}
