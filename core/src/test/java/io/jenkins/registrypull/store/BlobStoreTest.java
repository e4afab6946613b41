package io.jenkins.registrypull.store;

import io.jenkins.registrypull.error.VerificationException;
import io.jenkins.registrypull.reference.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The blob store within one JVM: claims, writers, locks between threads, stale temps, prune, verify. */
class BlobStoreTest {

    @TempDir
    Path tmp;

    private static byte[] content(int seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @org.junit.jupiter.api.AfterEach
    void noLockFileLeftOpen() {
        assertThat(LockFile.openFiles()).isEmpty();
    }

    private Path storeDir() {
        return tmp.resolve("store");
    }

    @Test
    void testClaim_absentBlob_writerInstallsReadOnlyAndHolds() throws Exception {
        BlobStore store = new BlobStore(storeDir());
        byte[] blob = content(1, 10_000);
        Digest digest = Digest.sha256(blob);
        try (BlobLease lease = store.lease()) {
            BlobLease.Claim claim = lease.claim(digest, blob.length);
            assertThat(claim.isPresent()).isFalse();
            Path installed;
            try (BlobWriter writer = claim.writer()) {
                assertThat(Files.list(storeDir().resolve("tmp")).toList()).singleElement()
                        .satisfies(p -> assertThat(p.getFileName().toString()).startsWith("sha256-" + digest.hex()));
                writer.write(blob, 0, blob.length);
                installed = writer.commit();
            }
            assertThat(installed).isEqualTo(store.pathOf(digest)).hasBinaryContent(blob);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(installed))).isEqualTo("r--r--r--");
            assertThat(lease.holds(digest)).isTrue();
            assertThat(storeDir().resolve("tmp")).isEmptyDirectory();
        }
        try (BlobLease again = store.lease()) {
            BlobLease.Claim claim = again.claim(digest, blob.length);
            assertThat(claim.isPresent()).isTrue();
            assertThat(claim.path()).hasBinaryContent(blob);
        }
        assertThat(LockFile.openFiles()).isEmpty();
    }

    @Test
    void testClaim_wrongContent_discardedAndUnlocked() throws Exception {
        BlobStore store = new BlobStore(storeDir());
        byte[] blob = content(2, 5000);
        Digest digest = Digest.sha256(blob);
        byte[] other = content(3, 5000);
        try (BlobLease lease = store.lease()) {
            BlobLease.Claim claim = lease.claim(digest, blob.length);
            try (BlobWriter writer = claim.writer()) {
                writer.write(other, 0, other.length);
                assertThatThrownBy(writer::commit).isInstanceOf(VerificationException.class)
                        .hasMessageContaining("arrived with digest");
            }
            assertThat(store.pathOf(digest)).doesNotExist();
            assertThat(storeDir().resolve("tmp")).isEmptyDirectory();
            assertThat(lease.holds(digest)).isFalse();
            try (BlobWriter writer = lease.claim(digest, blob.length).writer()) { // the lock was given back
                assertThat(writer).isNotNull();
            }
        }
    }

    @Test
    void testClaim_wrongSizeOnDisk_isNotReused() throws Exception {
        BlobStore store = new BlobStore(storeDir());
        byte[] blob = content(4, 3000);
        Digest digest = Digest.sha256(blob);
        Files.createDirectories(store.pathOf(digest).getParent());
        Files.write(store.pathOf(digest), new byte[10]);
        try (BlobLease lease = store.lease(); BlobWriter writer = lease.claim(digest, blob.length).writer()) {
            writer.write(blob, 0, blob.length);
            assertThat(writer.commit()).hasBinaryContent(blob);
        }
    }

    @Test
    void testClaim_sameBlobInTwoThreads_writtenOnceThenReused() throws Exception {
        BlobStore store = new BlobStore(storeDir());
        byte[] blob = content(5, 50_000);
        Digest digest = Digest.sha256(blob);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<String> notices = new ArrayList<>();
        try (BlobLease first = store.lease(); BlobLease second = store.lease(notices::add)) {
            BlobLease.Claim firstClaim = first.claim(digest, blob.length);
            assertThat(firstClaim.isPresent()).isFalse();
            Future<BlobLease.Claim> secondClaim = threads.submit(() -> second.claim(digest, blob.length));
            Thread.sleep(800);
            assertThat(secondClaim).isNotDone(); // waits while the first writes
            try (BlobWriter writer = firstClaim.writer()) {
                writer.write(blob, 0, blob.length);
                writer.commit();
            }
            BlobLease.Claim reused = secondClaim.get(10, TimeUnit.SECONDS);
            assertThat(reused.isPresent()).isTrue();
            assertThat(reused.path()).hasBinaryContent(blob);
            assertThat(second.holds(digest)).isTrue();
            assertThat(notices).singleElement().asString().contains("Waiting for another pull").contains(digest.shortHex());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void testClaim_manyThreadsManyBlobs_eachWrittenOnce() throws Exception {
        BlobStore store = new BlobStore(storeDir());
        List<byte[]> blobs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            blobs.add(content(100 + i, 20_000));
        }
        AtomicInteger writes = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> results = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                results.add(threads.submit(() -> {
                    start.await();
                    try (BlobLease lease = store.lease()) {
                        for (byte[] blob : blobs) {
                            BlobLease.Claim claim = lease.claim(Digest.sha256(blob), blob.length);
                            if (!claim.isPresent()) {
                                writes.incrementAndGet();
                                try (BlobWriter writer = claim.writer()) {
                                    writer.write(blob, 0, blob.length);
                                    writer.commit();
                                }
                            }
                            assertThat(lease.holds(Digest.sha256(blob))).isTrue();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(writes).hasValue(blobs.size());
        assertThat(store.verify().allIntact()).isTrue();
        assertThat(LockFile.openFiles()).isEmpty();
    }

    @Test
    void testTwoNamesForOneStore_shareTheLocks() throws Exception {
        Files.createDirectories(storeDir());
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), storeDir());
        byte[] blob = content(12, 1000);
        Digest digest = Digest.sha256(blob);
        try (BlobLease viaDir = new BlobStore(storeDir()).lease();
             BlobLease viaAlias = new BlobStore(alias).lease();
             BlobWriter writer = viaDir.claim(digest, blob.length).writer()) {
            assertThat(new BlobStore(alias).removeStaleTemps()).isZero(); // sees the writer's lock
            writer.write(blob, 0, blob.length);
            writer.commit();
            assertThat(viaAlias.claim(digest, blob.length).isPresent()).isTrue();
        }
    }

    @Test
    void testClaim_interruptedWhileWaiting_givesUp() throws Exception {
        BlobStore store = new BlobStore(storeDir());
        byte[] blob = content(6, 1000);
        Digest digest = Digest.sha256(blob);
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try (BlobLease first = store.lease(); BlobLease second = store.lease();
             BlobWriter writer = first.claim(digest, blob.length).writer()) {
            Future<BlobLease.Claim> waiting = threads.submit(() -> second.claim(digest, blob.length));
            Thread.sleep(200);
            waiting.cancel(true);
            threads.shutdown();
            assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            writer.write(blob, 0, blob.length);
            writer.commit(); // the interrupted waiter broke nothing
        }
        assertThat(LockFile.openFiles()).isEmpty();
    }

    @Test
    void testRemoveStaleTemps_onlyThoseNoWriterHolds() throws Exception {
        BlobStore store = new BlobStore(storeDir());
        byte[] live = content(7, 1000);
        Digest staleDigest = Digest.sha256(content(8, 1000));
        try (BlobLease lease = store.lease(); BlobWriter writer = lease.claim(Digest.sha256(live), live.length)
                .writer()) {
            writer.write(live, 0, 500);
            Path stale = Files.write(storeDir().resolve("tmp/sha256-" + staleDigest.hex() + "-12345.part"),
                    new byte[300]);
            Path foreignRecent = Files.write(storeDir().resolve("tmp/something-else.part"), new byte[1]);

            assertThat(store.removeStaleTemps()).isEqualTo(1);

            assertThat(stale).doesNotExist();
            assertThat(foreignRecent).exists(); // not ours and recent: left alone
            try (Stream<Path> temps = Files.list(storeDir().resolve("tmp"))) {
                assertThat(temps.filter(p -> p.getFileName().toString().contains(Digest.sha256(live).hex())))
                        .hasSize(1); // the live writer's temp stays
            }
            Files.setLastModifiedTime(foreignRecent, FileTime.from(Instant.now().minusSeconds(7200)));
            assertThat(store.removeStaleTemps()).isEqualTo(1);
            assertThat(foreignRecent).doesNotExist();
        }
    }

    @Test
    void testLease_staleTempOfKilledWriter_removedOnNextLease() throws Exception {
        BlobStore store = new BlobStore(storeDir());
        Digest digest = Digest.sha256(content(9, 100));
        Files.createDirectories(storeDir().resolve("tmp"));
        Path stale = Files.write(storeDir().resolve("tmp/sha256-" + digest.hex() + "-999.part"), new byte[50]);
        store.lease().close();
        assertThat(stale).doesNotExist();
    }

    @Test
    void testClaim_touchesLastUsed() throws Exception {
        BlobStore store = new BlobStore(storeDir());
        byte[] blob = content(10, 100);
        Digest digest = Digest.sha256(blob);
        try (BlobLease lease = store.lease()) {
            lease.put(digest, blob);
        }
        FileTime old = FileTime.from(Instant.now().minusSeconds(86_400));
        Files.setLastModifiedTime(store.pathOf(digest), old);
        try (BlobLease lease = store.lease()) {
            assertThat(lease.claim(digest, blob.length).isPresent()).isTrue();
        }
        assertThat(Files.getLastModifiedTime(store.pathOf(digest)).toInstant())
                .isAfter(Instant.now().minusSeconds(60));
    }

    @Test
    void testPrune_leastRecentlyUsedFirst_untilWithinBudget() throws Exception {
        BlobStore store = new BlobStore(storeDir());
        List<Digest> digests = putBlobs(store, 4, 1000);
        Instant now = Instant.now();
        for (int i = 0; i < digests.size(); i++) { // blob 0 is the oldest
            Files.setLastModifiedTime(store.pathOf(digests.get(i)), FileTime.from(now.minusSeconds(1000 - i * 10L)));
        }

        PruneResult result = store.prune(2500);

        assertThat(result.evicted()).containsExactly(digests.get(0), digests.get(1));
        assertThat(result.bytesBefore()).isEqualTo(4000);
        assertThat(result.bytesAfter()).isEqualTo(2000);
        assertThat(result.bytesFreed()).isEqualTo(2000);
        assertThat(result.blobsBefore()).isEqualTo(4);
        assertThat(result.blobsAfter()).isEqualTo(2);
        assertThat(result.withinBudget()).isTrue();
        assertThat(store.pathOf(digests.get(2))).exists();
        assertThat(store.pathOf(digests.get(3))).exists();
        assertThat(result.lockFilesRemoved()).isEqualTo(2); // no pull was running
        assertThat(store.usage().bytes()).isEqualTo(2000);

        PruneResult nothingToDo = store.prune(2500);
        assertThat(nothingToDo.evicted()).isEmpty();
        assertThat(nothingToDo.bytesFreed()).isZero();
    }

    @Test
    void testPrune_neverEvictsAHeldBlob() throws Exception {
        BlobStore store = new BlobStore(storeDir());
        List<Digest> digests = putBlobs(store, 3, 1000);
        Files.setLastModifiedTime(store.pathOf(digests.get(0)), FileTime.from(Instant.now().minusSeconds(3600)));
        try (BlobLease pull = store.lease()) {
            assertThat(pull.claim(digests.get(0), 1000).isPresent()).isTrue();
            Files.setLastModifiedTime(store.pathOf(digests.get(0)), FileTime.from(Instant.now().minusSeconds(3600)));

            PruneResult result = store.prune(0);

            assertThat(result.evicted()).containsExactlyInAnyOrder(digests.get(1), digests.get(2));
            assertThat(result.blobsInUse()).isEqualTo(1);
            assertThat(result.withinBudget()).isFalse();
            assertThat(result.lockFilesRemoved()).isZero(); // a pull is running: lock files stay
            assertThat(store.pathOf(digests.get(0))).exists();
        }
        PruneResult afterPull = store.prune(0);
        assertThat(afterPull.evicted()).containsExactly(digests.get(0));
        assertThat(afterPull.lockFilesRemoved()).isEqualTo(3);
        assertThat(storeDir().resolve("locks/sha256")).isEmptyDirectory();
    }

    @Test
    void testPrune_neverEvictsABlobBeingWritten() throws Exception {
        BlobStore store = new BlobStore(storeDir());
        byte[] blob = content(11, 1000);
        try (BlobLease lease = store.lease();
             BlobWriter writer = lease.claim(Digest.sha256(blob), blob.length).writer()) {
            writer.write(blob, 0, blob.length);
            PruneResult result = store.prune(0);
            assertThat(result.staleTemps()).isZero();
            try (Stream<Path> temps = Files.list(storeDir().resolve("tmp"))) {
                assertThat(temps).hasSize(1);
            }
            assertThat(writer.commit()).exists();
        }
    }

    @Test
    void testPrune_negativeBudget_rejected() {
        assertThatThrownBy(() -> new BlobStore(storeDir()).prune(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testVerify_intactStore() throws Exception {
        BlobStore store = new BlobStore(storeDir());
        putBlobs(store, 3, 2000);
        VerifyResult result = store.verify();
        assertThat(result.allIntact()).isTrue();
        assertThat(result.blobsChecked()).isEqualTo(3);
        assertThat(result.bytesChecked()).isEqualTo(6000);
        assertThat(result.unexpected()).isEmpty();
    }

    @Test
    void testVerify_corruptBlob_removedAndFetchedAgainLater() throws Exception {
        BlobStore store = new BlobStore(storeDir());
        List<Digest> digests = putBlobs(store, 2, 2000);
        Path damaged = store.pathOf(digests.get(1));
        Files.setPosixFilePermissions(damaged, PosixFilePermissions.fromString("rw-r--r--"));
        Files.write(damaged, new byte[2000]); // same size, other content: only a hash notices
        Files.write(store.pathOf(digests.get(0)).resolveSibling("not-a-digest"), "x".getBytes(StandardCharsets.UTF_8));

        VerifyResult result = store.verify();

        assertThat(result.corruptRemoved()).containsExactly(digests.get(1));
        assertThat(result.corruptInUse()).isEmpty();
        assertThat(result.allIntact()).isFalse();
        assertThat(result.unexpected()).singleElement().asString().endsWith("not-a-digest");
        assertThat(damaged).doesNotExist();
        try (BlobLease lease = store.lease(); BlobWriter writer = lease.claim(digests.get(1), 2000).writer()) {
            assertThat(writer).isNotNull(); // absent now: the next pull fetches it again
        }
        assertThat(store.verify().allIntact()).isTrue();
    }

    @Test
    void testVerify_corruptBlobInUse_reportedNotRemoved() throws Exception {
        BlobStore store = new BlobStore(storeDir());
        Digest digest = putBlobs(store, 1, 500).get(0);
        try (BlobLease pull = store.lease()) {
            pull.claim(digest, 500);
            Path damaged = store.pathOf(digest);
            Files.setPosixFilePermissions(damaged, PosixFilePermissions.fromString("rw-r--r--"));
            Files.write(damaged, new byte[500]);

            VerifyResult result = store.verify();

            assertThat(result.corruptInUse()).containsExactly(digest);
            assertThat(result.corruptRemoved()).isEmpty();
            assertThat(damaged).exists();
        }
        assertThat(store.verify().corruptRemoved()).containsExactly(digest);
    }

    @Test
    void testLease_closed_refusesClaims() throws Exception {
        BlobStore store = new BlobStore(storeDir());
        BlobLease lease = store.lease();
        lease.close();
        assertThatThrownBy(() -> lease.claim(Digest.sha256(new byte[1]), 1)).hasMessageContaining("already released");
    }

    private static List<Digest> putBlobs(BlobStore store, int count, int size) throws Exception {
        List<Digest> digests = new ArrayList<>();
        try (BlobLease lease = store.lease()) {
            for (int i = 0; i < count; i++) {
                byte[] blob = content(1000 + i, size);
                lease.put(Digest.sha256(blob), blob);
                digests.add(Digest.sha256(blob));
            }
        }
        return digests;
    }
}
