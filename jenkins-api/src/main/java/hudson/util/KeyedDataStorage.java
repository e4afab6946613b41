// Stand-in for hudson.util.KeyedDataStorage from org.jenkins-ci.main:jenkins-core:2.541.3 (subset; an in-memory map, no soft references, no disk).
package hudson.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;

/** Convenient base class for implementing data storage. */
public abstract class KeyedDataStorage<T, P> {
    private final ConcurrentHashMap<String, T> core = new ConcurrentHashMap<>();

    /** Atomically gets the existing data object if any, or if it doesn't exist create it and return it. */
    public @NonNull T getOrCreate(String key, P createParams) throws IOException {
        T t = get(key, true, createParams);
        if (t == null) {
            throw new IOException("invalid key: " + key);
        }
        return t;
    }

    /** Finds the data object that matches the given key if available, or null if not found. */
    public @CheckForNull T get(String key) throws IOException {
        return get(key, false, null);
    }

    protected @CheckForNull T get(@NonNull String key, boolean createIfNotExist, P createParams) throws IOException {
        T existing = core.get(key);
        if (existing != null || !createIfNotExist) {
            return existing;
        }
        synchronized (core) {
            existing = core.get(key);
            if (existing == null) {
                existing = create(key, createParams);
                core.put(key, existing);
            }
            return existing;
        }
    }

    /** Attempts to load an existing data object from disk. Stand-in: never called. */
    protected abstract @CheckForNull T load(String key) throws IOException;

    /** When {@link #get(String, boolean, Object)} is called with createIfNotExist=true, this method is invoked. */
    protected abstract @NonNull T create(@NonNull String key, @NonNull P createParams) throws IOException;
}
