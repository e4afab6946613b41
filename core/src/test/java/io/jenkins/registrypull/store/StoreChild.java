package io.jenkins.registrypull.store;

import io.jenkins.registrypull.reference.Digest;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in a second JVM ({@link io.jenkins.registrypull.testing.ChildJvm}) and holds or writes a
 * blob of a store until told to go on, so a test can see what another process's locks do.
 *
 * <ul>
 *   <li>{@code hold STORE DIGEST SIZE}: holds the blob (prints {@code HELD}) until stdin ends.</li>
 *   <li>{@code write STORE FILE}: claims the blob with FILE's content, writes half (prints {@code WRITING}),
 *   waits for a line on stdin, writes the rest and commits (prints {@code DONE}), holds it until stdin ends.</li>
 * </ul>
 */
public final class StoreChild {

    private StoreChild() {
    }

    public static void main(String[] args) throws Exception {
        BlobStore store = new BlobStore(Path.of(args[1]));
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (BlobLease lease = store.lease()) {
            if (args[0].equals("hold")) {
                BlobLease.Claim claim = lease.claim(Digest.parseTrusted(args[2]), Long.parseLong(args[3]));
                if (!claim.isPresent()) {
                    claim.writer().close();
                    System.out.println("ABSENT");
                    System.exit(3);
                }
                System.out.println("HELD");
            } else {
                byte[] content = Files.readAllBytes(Path.of(args[2]));
                BlobLease.Claim claim = lease.claim(Digest.sha256(content), content.length);
                try (BlobWriter writer = claim.writer()) {
                    writer.write(content, 0, content.length / 2);
                    System.out.println("WRITING");
                    stdin.readLine();
                    writer.write(content, content.length / 2, content.length - content.length / 2);
                    writer.commit();
                }
                System.out.println("DONE");
            }
            while (stdin.readLine() != null) {
                // hold until the parent closes our stdin
            }
        }
    }
}
