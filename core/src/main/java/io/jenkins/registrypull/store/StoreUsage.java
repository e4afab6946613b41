package io.jenkins.registrypull.store;

import java.nio.file.Path;

/** How much a blob store holds. */
public record StoreUsage(Path store, int blobs, long bytes) {
}
