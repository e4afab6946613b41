package io.jenkins.registrypull.store;

import io.jenkins.registrypull.crypto.CryptoChoice;
import io.jenkins.registrypull.reference.Digest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Background syncs of a blob being written: when they start, and that none of their failures is lost. */
class WritebackTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    @AfterEach
    void noLockFileLeftOpen() {
        assertThat(LockFile.openFiles()).isEmpty();
    }

    /** Runs each task on the caller's thread, so the count of syncs is exact. */
    private static final class OnCaller extends AbstractExecutorService {
        private volatile boolean shut;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shut = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            throw new AssertionError("a running sync must never be interrupted");
        }

        @Override
        public boolean isShutdown() {
            return shut;
        }

        @Override
        public boolean isTerminated() {
            return shut;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    private static byte[] content(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Writes {@code blob} in 64 KiB pieces through a store using {@code writeback}; returns the installed path. */
    private Path write(byte[] blob, Durability durability, Writeback writeback) throws Exception {
        BlobStore store = new BlobStore(tmp.resolve("store"), durability, CryptoChoice.jdk(), writeback);
        Digest digest = Digest.sha256(blob);
        try (BlobLease lease = store.lease(); BlobWriter writer = lease.claim(digest, blob.length).writer()) {
            for (int at = 0; at < blob.length; at += 64 * 1024) {
                writer.write(blob, at, Math.min(64 * 1024, blob.length - at));
            }
            return writer.commit();
        }
    }

    @Test
    void testWrite_syncsOnceEachEveryBytes_thenCommitSyncsTheRest() throws Exception {
        AtomicInteger syncs = new AtomicInteger();
        byte[] blob = content(5 * MIB + 1000);
        try (Writeback writeback = new Writeback(MIB, new OnCaller(), channel -> {
            syncs.incrementAndGet();
            channel.force(false);
        })) {
            assertThat(write(blob, Durability.SYNC_EACH_BLOB, writeback)).hasBinaryContent(blob);
        }
        assertThat(syncs).hasValue(5); // after 1, 2, 3, 4 and 5 MiB; the last 1000 bytes by the commit
    }

    @Test
    void testWrite_noSecondSyncWhileOneRuns_commitWaitsForIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger syncs = new AtomicInteger();
        byte[] blob = content(8 * MIB);
        Digest digest = Digest.sha256(blob);
        try (Writeback writeback = new Writeback(MIB, Executors.newCachedThreadPool(), channel -> {
            syncs.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        })) {
            BlobStore store = new BlobStore(tmp.resolve("store"), Durability.SYNC_EACH_BLOB, CryptoChoice.jdk(),
                    writeback);
            try (BlobLease lease = store.lease(); BlobWriter writer = lease.claim(digest, blob.length).writer()) {
                for (int at = 0; at < blob.length; at += 64 * 1024) {
                    writer.write(blob, at, 64 * 1024);
                }
                assertThat(syncs).hasValue(1); // the first still runs: 7 more MiB started none
                Thread commit = new Thread(() -> {
                    try {
                        writer.commit();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                commit.start();
                commit.join(300);
                assertThat(commit.isAlive()).isTrue(); // waiting for the running sync
                release.countDown();
                commit.join(10_000);
                assertThat(commit.isAlive()).isFalse();
            }
            assertThat(store.contains(digest, blob.length)).isTrue();
        }
    }

    @Test
    void testCommit_backgroundSyncFailed_failsAndInstallsNothing() throws Exception {
        byte[] blob = content(3 * MIB);
        Digest digest = Digest.sha256(blob);
        try (Writeback writeback = new Writeback(MIB, new OnCaller(), channel -> {
            throw new IOException("Input/output error");
        })) {
            assertThatThrownBy(() -> write(blob, Durability.SYNC_EACH_BLOB, writeback))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("The disk reported an error while writing the downloaded blob")
                    .hasMessageContaining("Input/output error");
        }
        BlobStore store = new BlobStore(tmp.resolve("store"));
        assertThat(store.contains(digest, blob.length)).isFalse();
        assertThat(tmp.resolve("store").resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void testWrite_noneOrUnsafeDurability_neverSyncsEarly() throws Exception {
        AtomicInteger syncs = new AtomicInteger();
        byte[] blob = content(3 * MIB);
        try (Writeback writeback = new Writeback(MIB, new OnCaller(), channel -> syncs.incrementAndGet())) {
            assertThat(write(blob, Durability.NO_SYNC_UNSAFE, writeback)).hasBinaryContent(blob);
        }
        assertThat(write(content(3 * MIB + 1), Durability.SYNC_EACH_BLOB, Writeback.none())).exists();
        assertThat(Writeback.every(0)).isSameAs(Writeback.none());
        assertThat(syncs).hasValue(0);
    }

    @Test
    void testClose_letsARunningSyncEndUninterrupted_andStartsNoMore() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        List<String> ends = new CopyOnWriteArrayList<>();
        Path file = Files.write(tmp.resolve("f"), new byte[0]);
        Writeback writeback = new Writeback(MIB, Executors.newSingleThreadExecutor(), channel -> {
            started.countDown();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            ends.add("ended");
        });
        try (FileChannel channel = FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            Writeback.Tracker tracker = writeback.track(channel);
            tracker.wrote(MIB);
            started.await();
            writeback.close();
            tracker.wrote(2 * MIB); // after close: rejected quietly, the commit's sync covers it
            tracker.finish();
        }
        assertThat(interrupted).isFalse();
        assertThat(ends).containsExactly("ended");
    }

    @Test
    void testEvery_realSyncs_onDaemonThreads() throws Exception {
        byte[] blob = content(4 * MIB);
        try (Writeback writeback = Writeback.every(MIB)) {
            assertThat(write(blob, Durability.SYNC_EACH_BLOB, writeback)).hasBinaryContent(blob);
        }
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("registry-pull writeback"))
                .allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
        assertThatThrownBy(() -> Writeback.every(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("everyBytes");
    }
}
