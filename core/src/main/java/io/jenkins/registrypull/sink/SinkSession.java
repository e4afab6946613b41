package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.manifest.Descriptor;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One image being delivered. The engine calls {@link #accept} once per blob (config and
 * layers) as each is verified, in completion order and from one thread at a time, then
 * {@link #commit()}. Closing a session that was not committed removes whatever it wrote.
 */
public interface SinkSession extends AutoCloseable {

    /**
     * Whether the layers must be fetched: false when the target already has this very image (known by the verified
     * config digest), so only the config is fetched and verified, and {@link #accept} sees only it.
     */
    default boolean needsLayers() {
        return true;
    }

    /** A verified blob is available at {@code verifiedFile} (in the blob store; do not modify it). */
    void accept(Descriptor blob, Path verifiedFile) throws IOException, RegistryException, InterruptedException;

    /** All blobs were accepted: make the image visible and say where it is. */
    SinkResult commit() throws IOException, RegistryException, InterruptedException;

    /** Aborts unless committed: nothing partial stays behind. */
    @Override
    void close();
}
