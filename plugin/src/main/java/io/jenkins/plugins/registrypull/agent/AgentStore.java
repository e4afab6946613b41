package io.jenkins.plugins.registrypull.agent;

import io.jenkins.registrypull.pull.PullOptions;
import java.nio.file.Path;

/** Where an agent keeps its blob store: shared by every pull on that agent, across builds. */
final class AgentStore {
    /**
     * System property (set on the agent JVM) naming the blob store directory shared by all pulls on that agent;
     * default {@code $XDG_CACHE_HOME/registry-pull} or {@code ~/.cache/registry-pull} of the agent's user.
     */
    static final String STORE_PROPERTY = "io.jenkins.plugins.registrypull.storeDir";

    private AgentStore() {
    }

    static Path directory() {
        String configured = System.getProperty(STORE_PROPERTY);
        return configured != null && !configured.isBlank() ? Path.of(configured) : PullOptions.defaultStoreDir();
    }
}
