package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.manifest.Descriptor;

import java.nio.file.Path;
import java.time.Duration;

/** A blob that is verified and in the store. */
record FetchedBlob(Descriptor blob, Path path, boolean reused, long bytesDownloaded, Duration took) {
}
