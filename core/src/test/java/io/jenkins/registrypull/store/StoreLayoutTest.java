package io.jenkins.registrypull.store;

import io.jenkins.registrypull.reference.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's file names: made and read back in one place, foreign names recognised as such. */
class StoreLayoutTest {

    @TempDir
    Path tmp;

    private final Digest digest = Digest.sha256("layer".getBytes(StandardCharsets.UTF_8));

    @Test
    void testDigestOfTemp_namesMadeByTheStore_readBack() {
        String name = StoreLayout.tempPrefix(digest) + "1234567890" + StoreLayout.TEMP_SUFFIX;
        assertThat(StoreLayout.digestOfTemp(name)).isEqualTo(digest);
    }

    @Test
    void testDigestOfTemp_foreignNames_null() {
        assertThat(StoreLayout.digestOfTemp("notes.txt")).isNull();
        assertThat(StoreLayout.digestOfTemp("sha256" + StoreLayout.TEMP_SUFFIX)).isNull();
        assertThat(StoreLayout.digestOfTemp("sha256-abc-1" + StoreLayout.TEMP_SUFFIX)).isNull();
    }

    @Test
    void testDigestOfLockFile_lockFileOfTheLocks_readBack() {
        Path lockFile = new BlobLocks(tmp.resolve("locks")).lockFileOf(digest);
        assertThat(StoreLayout.digestOfLockFile(lockFile.getParent(), lockFile.getFileName().toString()))
                .isEqualTo(digest);
        assertThat(StoreLayout.digestOfLockFile(lockFile.getParent(), "store.lock")).isNull();
        assertThat(StoreLayout.digestOfLockFile(lockFile.getParent(), digest.hex())).isNull();
    }

    @Test
    void testListBlobs_blobsListed_foreignFilesUnexpected() throws Exception {
        StoreLayout layout = new StoreLayout(tmp);
        Path blob = layout.pathOf(digest);
        Files.createDirectories(blob.getParent());
        Files.writeString(blob, "layer");
        Path foreign = blob.resolveSibling("README");
        Files.writeString(foreign, "not a blob");
        List<Path> unexpected = new ArrayList<>();
        List<StoreLayout.StoredBlob> blobs = layout.listBlobs(unexpected);
        assertThat(blobs).extracting(StoreLayout.StoredBlob::digest).containsExactly(digest);
        assertThat(blobs.get(0).size()).isEqualTo(5);
        assertThat(unexpected).containsExactly(foreign);
    }
}
