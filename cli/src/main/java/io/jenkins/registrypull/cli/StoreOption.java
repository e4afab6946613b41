package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.pull.PullOptions;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --store DIR} for the store commands: an explicit directory must exist, the default may not yet. */
final class StoreOption {

    @Option(names = "--store", paramLabel = "DIR",
            description = "Blob store directory (default: $XDG_CACHE_HOME/registry-pull or ~/.cache/registry-pull)")
    Path store;

    /** The store directory, or null when the default store does not exist yet (nothing to do). */
    Path existing() throws InvalidInputException {
        if (store != null) {
            if (!Files.isDirectory(store)) {
                throw new InvalidInputException("--store", "there is no blob store at " + store);
            }
            return store;
        }
        Path fallback = PullOptions.defaultStoreDir();
        return Files.isDirectory(fallback) ? fallback : null;
    }

    Path shown() {
        return store != null ? store : PullOptions.defaultStoreDir();
    }
}
