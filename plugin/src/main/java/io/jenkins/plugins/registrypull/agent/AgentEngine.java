package io.jenkins.plugins.registrypull.agent;

import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.api.PullOptions;
import java.nio.file.Path;

/**
 * The one {@link PullEngine} of an agent JVM: it keeps connections to registries between pulls. Login state is
 * dropped after every pull (the callable wipes its credential and asks the engine to forget it).
 */
final class AgentEngine {
    /**
     * System property (set on the agent JVM) naming the blob store directory shared by all pulls on that agent;
     * default {@code $XDG_CACHE_HOME/registry-pull} or {@code ~/.cache/registry-pull} of the agent's user.
     */
    static final String STORE_PROPERTY = "io.jenkins.plugins.registrypull.storeDir";

    private static PullEngine engine;

    private AgentEngine() {
    }

    static synchronized PullEngine get() {
        if (engine == null) {
            engine = new PullEngine();
        }
        return engine;
    }

    static Path storeDir() {
        String configured = System.getProperty(STORE_PROPERTY);
        return configured != null && !configured.isBlank() ? Path.of(configured) : PullOptions.defaultStoreDir();
    }
}
