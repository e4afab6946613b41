package io.jenkins.registrypull.security;

import io.jenkins.registrypull.store.BlobStore;
import io.jenkins.registrypull.store.VerifyResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What must hold for a blob store after any pull, good or failed. */
final class StoreChecks {

    private StoreChecks() {
    }

    /**
     * No temp file is left in the store (checked first: {@link BlobStore#verify()} would delete stale ones), and
     * every blob hashes to its name and has nothing unexpected beside it.
     *
     * @return the verify result, for counts
     */
    static VerifyResult assertIntact(Path store) throws IOException, InterruptedException {
        assertThat(temps(store)).as("temp files left in %s", store).isEmpty();
        VerifyResult verified = new BlobStore(store).verify();
        assertThat(verified.corruptRemoved()).as("corrupt blobs in %s", store).isEmpty();
        assertThat(verified.corruptInUse()).as("corrupt blobs in use in %s", store).isEmpty();
        assertThat(verified.unexpected()).as("unexpected files in %s", store).isEmpty();
        assertThat(verified.staleTemps()).isZero();
        return verified;
    }

    static List<Path> temps(Path store) throws IOException {
        Path tmp = store.resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(tmp)) {
            return files.toList();
        }
    }
}
