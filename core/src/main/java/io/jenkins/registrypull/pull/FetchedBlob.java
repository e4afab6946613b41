package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.manifest.Descriptor;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A blob that is verified and in the store.
 *
 * @param servedBy the endpoint it came from ({@code scheme://host/repository}), or "store" when reused
 */
record FetchedBlob(Descriptor blob, Path path, boolean reused, long bytesDownloaded, Duration took, String servedBy) {
}
