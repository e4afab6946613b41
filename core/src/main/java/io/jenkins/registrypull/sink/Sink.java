package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.store.BlobStore;

import java.io.IOException;

/**
 * Where a pulled image goes: an OCI layout, a docker-archive, a container engine's image store.
 * A sink receives only verified blobs, from the blob store.
 */
public interface Sink {

    /** Starts delivering one image. Called once the manifest is resolved, before blobs arrive. */
    SinkSession open(ResolvedImage image, BlobStore store) throws IOException, RegistryException;

    /** Where the image will be, for logs, e.g. {@code OCI layout /ws/out}. */
    String describe();
}
