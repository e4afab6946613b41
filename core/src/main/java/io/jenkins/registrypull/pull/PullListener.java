package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.ResolvedImage;

import java.time.Duration;

/**
 * Progress of a pull, so the engine never prints. Blob events arrive from several download
 * threads at once: implementations must be thread-safe. Nothing passed here is secret.
 */
public interface PullListener {

    PullListener NONE = new PullListener() {
    };

    /** The manifest was fetched and verified; blobs come next. */
    default void resolved(ResolvedImage image) {
    }

    /** A blob download starts. */
    default void blobStarted(Descriptor blob) {
    }

    /** Bytes of a blob arrived; called at most a few times per second per blob. */
    default void blobProgress(Descriptor blob, long bytesSoFar) {
    }

    /**
     * A blob is verified and in the store.
     *
     * @param reused true when a verified copy was already in the store and nothing was downloaded
     */
    default void blobDone(Descriptor blob, boolean reused, Duration took) {
    }

    /** A notable event worth a log line, e.g. a retry. */
    default void info(String message) {
    }
}
