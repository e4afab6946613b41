package io.jenkins.registrypull.security;

import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.store.BlobLease;
import io.jenkins.registrypull.store.BlobStore;
import io.jenkins.registrypull.store.BlobWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Other users of the agent do not see what was pulled: a new blob store is its owner's alone (0700), a blob being
 * written is a 0600 temp file, and a stored blob is read-only (0444) so that no pull can change it by mistake.
 */
class StorePermissionsTest {

    @TempDir
    Path tmp;

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void testNewStore_ownerOnly_tempFilesPrivate_blobsReadOnly() throws Exception {
        Path root = tmp.resolve("cache/registry-pull");
        BlobStore store = new BlobStore(root);
        byte[] content = "a private layer".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(content);
        try (BlobLease lease = store.lease(); BlobWriter writer = lease.claim(digest, content.length).writer()) {
            assertThat(permissions(root)).isEqualTo("rwx------");
            writer.write(content, 0, 4);
            List<Path> temps;
            try (Stream<Path> files = Files.list(root.resolve("tmp"))) {
                temps = files.toList();
            }
            assertThat(temps).singleElement().satisfies(t -> assertThat(permissions(t)).isEqualTo("rw-------"));
            writer.write(content, 4, content.length - 4);
            assertThat(permissions(writer.commit())).isEqualTo("r--r--r--");
        }
    }

    @Test
    void testExistingStore_keepsItsPermissions() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("shared-store"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-x---"));
        new BlobStore(root).lease().close();
        assertThat(permissions(root)).isEqualTo("rwxr-x---");
    }
}
