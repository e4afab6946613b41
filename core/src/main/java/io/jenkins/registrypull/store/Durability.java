package io.jenkins.registrypull.store;

/** Whether a blob's data is forced to disk before it is renamed into the store. */
public enum Durability {

    /**
     * fdatasync before the rename (the default): a blob is trusted later by its name and size alone, so a power
     * loss must leave either nothing or the whole blob.
     */
    SYNC_EACH_BLOB,

    /**
     * No sync: a crash can leave a renamed blob whose blocks were never written. For the benchmark's measurement of
     * what the sync costs (docs/performance.md), never for a real store.
     */
    NO_SYNC_UNSAFE
}
