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

    /** A verified blob is available at {@code verifiedFile} (in the blob store; do not modify it). */
    void accept(Descriptor blob, Path verifiedFile) throws IOException, RegistryException, InterruptedException;

    /** All blobs were accepted: make the image visible and say where it is. */
    SinkResult commit() throws IOException, RegistryException, InterruptedException;

    /** Aborts unless committed: nothing partial stays behind. */
    @Override
    void close();
}
