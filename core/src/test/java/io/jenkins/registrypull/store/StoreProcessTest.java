package io.jenkins.registrypull.store;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testing.ChildJvm;
import io.jenkins.registrypull.testing.ThrottledProxy;
import io.jenkins.registrypull.testkit.Blob;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store shared by processes, with real parts: a second JVM holds, writes or pulls into the
 * same store while this one does, and a pull is killed with SIGKILL half-way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreProcessTest {

    private static final long LAYER = 20L * 1024 * 1024;
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private RegistryServer registry;
    private BuiltImage three;
    private BuiltImage two;

    @BeforeAll
    void pushImages(@TempDir Path layers) {
        registry = RegistryServer.openHttp();
        three = TestImages.big(layers, ManifestFormat.OCI, 3, LAYER); // base + random layers 1, 2, 3
        two = TestImages.big(layers, ManifestFormat.OCI, 2, LAYER); // base + random layers 1, 2: shared with three
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushImage("team/big", "three", three);
            pusher.pushImage("team/big", "two", two);
        }
    }

    @AfterAll
    void stopRegistry() {
        registry.close();
    }

    private static byte[] content(int seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void testOtherProcessHoldsBlob_pruneKeepsIt() throws Exception {
        BlobStore store = new BlobStore(tmp.resolve("store"));
        byte[] blob = content(1, 4096);
        Digest digest = Digest.sha256(blob);
        try (BlobLease lease = store.lease()) {
            lease.put(digest, blob);
        }
        try (ChildJvm child = ChildJvm.start(StoreChild.class, tmp.resolve("child"), "hold", store.root().toString(),
                digest.toString(), String.valueOf(blob.length))) {
            child.awaitLine("HELD", CHILD_TIMEOUT);

            PruneResult whileHeld = store.prune(0);
            assertThat(whileHeld.evicted()).isEmpty();
            assertThat(whileHeld.blobsInUse()).isEqualTo(1);
            assertThat(whileHeld.lockFilesRemoved()).isZero();
            assertThat(store.pathOf(digest)).exists();

            child.closeStdin();
            assertThat(child.waitFor(CHILD_TIMEOUT)).as(child.describe()).isZero();
        }
        PruneResult afterwards = store.prune(0);
        assertThat(afterwards.evicted()).containsExactly(digest);
        assertThat(afterwards.lockFilesRemoved()).isEqualTo(1);
    }

    @Test
    void testOtherProcessWritesBlob_claimWaitsThenReuses() throws Exception {
        BlobStore store = new BlobStore(tmp.resolve("store"));
        byte[] blob = content(2, 1024 * 1024);
        Digest digest = Digest.sha256(blob);
        Path file = Files.write(tmp.resolve("blob.bin"), blob);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (ChildJvm child = ChildJvm.start(StoreChild.class, tmp.resolve("child"), "write", store.root().toString(),
                file.toString()); BlobLease lease = store.lease()) {
            child.awaitLine("WRITING", CHILD_TIMEOUT);
            assertThat(store.removeStaleTemps()).isZero(); // the child's temp file is live

            Future<BlobLease.Claim> claim = thread.submit(() -> lease.claim(digest, blob.length));
            Thread.sleep(1000);
            assertThat(claim).isNotDone(); // the other process is writing it

            child.send("finish");
            child.awaitLine("DONE", CHILD_TIMEOUT);
            BlobLease.Claim reused = claim.get(30, TimeUnit.SECONDS);
            assertThat(reused.isPresent()).isTrue();
            assertThat(reused.path()).hasBinaryContent(blob);
            child.closeStdin();
            assertThat(child.waitFor(CHILD_TIMEOUT)).isZero();
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void testWriterKilled_staleTempRemovedAndBlobWrittenAgain() throws Exception {
        BlobStore store = new BlobStore(tmp.resolve("store"));
        byte[] blob = content(3, 1024 * 1024);
        Digest digest = Digest.sha256(blob);
        Path file = Files.write(tmp.resolve("blob.bin"), blob);
        try (ChildJvm child = ChildJvm.start(StoreChild.class, tmp.resolve("child"), "write", store.root().toString(),
                file.toString())) {
            child.awaitLine("WRITING", CHILD_TIMEOUT);
            child.kill();
        }
        assertThat(temps(store)).hasSize(1); // what the killed writer left

        assertThat(store.removeStaleTemps()).isEqualTo(1);
        assertThat(temps(store)).isEmpty();
        try (BlobLease lease = store.lease(); BlobWriter writer = lease.claim(digest, blob.length).writer()) {
            writer.write(blob, 0, blob.length);
            assertThat(writer.commit()).hasBinaryContent(blob);
        }
    }

    @Test
    void testTwoProcessesPullOverlappingImages_eachBlobDownloadedOnce() throws Exception {
        Path store = tmp.resolve("store");
        try (ThrottledProxy proxy = new ThrottledProxy(registry.port(), 15_000_000);
             ChildJvm child = ChildJvm.start(PullChild.class, tmp.resolve("child"), proxy.hostPort() + "/team/big:three",
                     store.toString(), tmp.resolve("out-three").toString());
             PullEngine engine = new PullEngine()) {
            awaitTempFile(store, 1024 * 1024, child); // a layer download is under way

            PullResult mine = engine.pull(PullOptions.builder().image(proxy.hostPort() + "/team/big:two")
                    .insecure(true).storeDir(store).sink(new OciLayoutSink(tmp.resolve("out-two"), null,
                            new JsonTrees()))
                    .build(), PullListener.NONE);
            Map<String, Long> theirs = result(child.awaitLine("RESULT", CHILD_TIMEOUT));
            assertThat(child.waitFor(CHILD_TIMEOUT)).as(child.describe()).isZero();

            Map<String, Long> distinct = new HashMap<>();
            for (BuiltImage image : List.of(three, two)) {
                for (Blob blob : image.blobs()) {
                    distinct.put(blob.digest(), blob.size());
                }
            }
            long union = distinct.values().stream().mapToLong(Long::longValue).sum();
            assertThat(mine.bytesDownloaded() + theirs.get("downloaded")).isEqualTo(union);
            assertThat(mine.bytesReused() + theirs.get("reused")).isPositive();
            assertThat(mine.bytesReused()).as("the shared layers the other process was fetching").isPositive();
        }
        BlobStore shared = new BlobStore(store);
        VerifyResult verified = shared.verify();
        assertThat(verified.allIntact()).isTrue();
        assertThat(verified.blobsChecked()).isEqualTo(8); // 2 manifests, 2 configs, base + 3 random layers
        assertThat(temps(shared)).isEmpty();
        assertThat(tmp.resolve("out-two/blobs/sha256/" + two.layers().get(2).blob().hex())).exists();
        assertThat(tmp.resolve("out-three/blobs/sha256/" + three.layers().get(3).blob().hex())).exists();
    }

    @Test
    void testPullKilledMidDownload_nextPullSucceedsAndStoreVerifies() throws Exception {
        Path store = tmp.resolve("store");
        try (ThrottledProxy proxy = new ThrottledProxy(registry.port(), 5_000_000);
             ChildJvm child = ChildJvm.start(PullChild.class, tmp.resolve("child"), proxy.hostPort() + "/team/big:three",
                     store.toString(), tmp.resolve("out-killed").toString())) {
            awaitTempFile(store, 1024 * 1024, child);
            child.kill();
        }
        BlobStore killed = new BlobStore(store);
        assertThat(temps(killed)).isNotEmpty(); // the killed pull's partial downloads

        PullResult result;
        try (PullEngine engine = new PullEngine()) {
            result = engine.pull(PullOptions.builder().image(registry.hostPort() + "/team/big:three").insecure(true)
                    .storeDir(store).sink(new OciLayoutSink(tmp.resolve("out"), null, new JsonTrees())).build(),
                            PullListener.NONE);
        }
        assertThat(result.manifestDigest().toString()).isEqualTo(three.manifestDigest());
        assertThat(result.bytesDownloaded() + result.bytesReused()).isEqualTo(result.totalBytes());
        assertThat(temps(killed)).isEmpty();
        VerifyResult verified = killed.verify();
        assertThat(verified.allIntact()).isTrue();
        assertThat(verified.blobsChecked()).isEqualTo(6); // manifest, config, base + 3 random layers
        assertThat(verified.staleTemps()).isZero();
    }

    private static List<Path> temps(BlobStore store) throws Exception {
        Path dir = store.root().resolve("tmp");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    /** Waits until the child's pull has a temp file of at least {@code bytes} in the store: it is downloading. */
    private static void awaitTempFile(Path store, long bytes, ChildJvm child) throws Exception {
        long deadline = System.nanoTime() + CHILD_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Path temp : temps(new BlobStore(store))) {
                try {
                    if (Files.size(temp) >= bytes) {
                        return;
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // finished meanwhile
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the child never started downloading; " + child.describe());
    }

    private static Map<String, Long> result(String line) {
        Map<String, Long> values = new HashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(\\d+)").matcher(line);
        while (m.find()) {
            values.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return values;
    }
}
