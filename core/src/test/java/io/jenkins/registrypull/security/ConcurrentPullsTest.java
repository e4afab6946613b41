package io.jenkins.registrypull.security;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.store.VerifyResult;
import io.jenkins.registrypull.testkit.Blob;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.ChildJava;
import io.jenkins.registrypull.testkit.Fault;
import io.jenkins.registrypull.testkit.FaultProxy;
import io.jenkins.registrypull.testkit.ImageBuilder;
import io.jenkins.registrypull.testkit.Layer;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RandomLayer;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight pulls at once into one store, from two processes: this JVM pulls four images that share layers, on four
 * threads with one engine (as an agent JVM does), while a second JVM pulls the same four, in the other order, one
 * engine per thread. Every pull gives its image's digest and a layout that verifies, the store verifies, and each
 * blob crossed the network once: the store's cross-process locks make the others wait and reuse it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentPullsTest {

    private static final long LAYER = 1024 * 1024;
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(3);

    private final TestUser alice = TestUser.randomWithSymbols("alice");
    private final Map<String, BuiltImage> images = new LinkedHashMap<>();
    private TokenServer tokens;
    private RegistryServer registry;
    private FaultProxy proxy;

    @TempDir
    Path tmp;

    @BeforeAll
    void start(@TempDir Path layers) {
        tokens = TokenServer.start();
        registry = RegistryServer.tokenTls(tokens);
        tokens.addPuller(alice, "team/a", "team/b", "team/c", "team/d");
        Layer base = TestImages.baseLayer(Platform.LINUX_AMD64);
        Layer r1 = RandomLayer.write(layers, LAYER, 101);
        Layer r2 = RandomLayer.write(layers, LAYER, 102);
        Layer r3 = RandomLayer.write(layers, LAYER, 103);
        images.put("team/a", image(base, r1, r2));
        images.put("team/b", image(base, r1, r3));
        images.put("team/c", image(base, r2, r3));
        images.put("team/d", image(base, r1, r2, r3));
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            images.forEach((repository, image) -> pusher.pushImage(repository, "1", image));
        }
        proxy = FaultProxy.start(registry);
        // 2 MB/s per blob answer: a random layer takes half a second, so the eight pulls really overlap
        proxy.inject(FaultProxy.isBlob(), new Fault.Slow(2_000_000), Integer.MAX_VALUE);
    }

    private static BuiltImage image(Layer... layers) {
        return new ImageBuilder(ManifestFormat.OCI, Platform.LINUX_AMD64).layers(List.of(layers)).build();
    }

    @AfterAll
    void stop() {
        proxy.close();
        registry.close();
        tokens.close();
    }

    private String reference(String repository) {
        return proxy.hostPort() + "/" + repository + ":1";
    }

    @Test
    void testEightPullsFromTwoProcesses_allCorrect_storeVerifies_eachBlobFetchedOnce() throws Exception {
        Path store = tmp.resolve("store");
        Path outputs = Files.createDirectories(tmp.resolve("out"));
        Path ca = Files.writeString(tmp.resolve("ca.pem"), registry.ca().caCertificatePem());
        List<String> reversed = new ArrayList<>(images.keySet().stream().map(this::reference).toList());
        java.util.Collections.reverse(reversed);
        List<String> childArgs = new ArrayList<>(List.of(store.toString(), outputs.toString(), ca.toString(),
                alice.username()));
        childArgs.addAll(reversed);

        List<PullResult> mine = new ArrayList<>();
        String childOutput;
        try (ChildJava child = ChildJava.builder(ConcurrentPullChild.class, tmp.resolve("child")).args(childArgs)
                .stdin(alice.password() + "\n").start()) {
            awaitDownloadUnderWay(store, child);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try (PullEngine engine = new PullEngine()) {
                List<Future<PullResult>> futures = new ArrayList<>();
                int i = 0;
                for (String repository : images.keySet()) {
                    Path out = outputs.resolve("parent-" + i++);
                    futures.add(threads.submit(() -> engine.pull(PullOptions.builder().image(reference(repository))
                            .credential(Credential.usernamePassword(alice.username(),
                                    SecretValue.ofString(alice.password())))
                            .caCertificatePem(registry.ca().caCertificatePem()).storeDir(store)
                            .sink(new OciLayoutSink(out, null, new JsonTrees())).build(), PullListener.NONE)));
                }
                for (Future<PullResult> f : futures) {
                    mine.add(f.get(3, TimeUnit.MINUTES));
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(child.waitFor(CHILD_TIMEOUT)).as(child.stdout() + child.stderr()).isZero();
            childOutput = child.stdout();
        }

        // every pull: its image's digest, and a layout whose blobs all verify
        long downloaded = 0;
        int i = 0;
        for (String repository : images.keySet()) {
            PullResult r = mine.get(i);
            assertThat(r.manifestDigest().toString()).isEqualTo(images.get(repository).manifestDigest());
            assertThat(verifiedBlobs(outputs.resolve("parent-" + i))).isEqualTo(images.get(repository).blobs().size()
                    + 1);
            downloaded += r.bytesDownloaded();
            i++;
        }
        List<String> theirs = childOutput.lines().filter(l -> l.startsWith("RESULT ")).toList();
        assertThat(theirs).as(childOutput).hasSize(4);
        for (String line : theirs) {
            String[] f = line.split(" ");
            String repository = f[1].substring(f[1].indexOf('/') + 1, f[1].lastIndexOf(':'));
            assertThat(f[2]).isEqualTo(images.get(repository).manifestDigest());
            assertThat(verifiedBlobs(Path.of(f[5]))).isEqualTo(images.get(repository).blobs().size() + 1);
            downloaded += Long.parseLong(f[3]);
        }

        // the store: every blob intact, nothing left over, exactly the distinct blobs of the four images
        Map<String, Long> distinct = images.values().stream().flatMap(img -> Stream.concat(img.blobs().stream(),
                        Stream.of(img.manifest())))
                .collect(Collectors.toMap(Blob::digest, Blob::size, (a, b) -> a));
        VerifyResult verified = StoreChecks.assertIntact(store);
        assertThat(verified.blobsChecked()).isEqualTo(distinct.size()); // 4 manifests, 4 configs, 4 layers

        // each config and layer crossed the network once, whoever fetched it; the eight pulls shared the rest
        Map<String, Long> fetched = proxy.exchanges().stream()
                .filter(e -> e.method().equals("GET") && e.path().contains("/blobs/") && e.status() == 200)
                .collect(Collectors.groupingBy(e -> e.path().substring(e.path().lastIndexOf('/') + 1),
                        Collectors.counting()));
        Map<String, Long> blobsOnly = new LinkedHashMap<>(distinct);
        images.values().forEach(img -> blobsOnly.remove(img.manifestDigest()));
        assertThat(fetched).containsOnlyKeys(blobsOnly.keySet()).allSatisfy((digest, count) ->
                assertThat(count).as("GETs of %s", digest).isEqualTo(1));
        assertThat(downloaded).isEqualTo(blobsOnly.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Hashes every blob of an OCI layout; returns how many there are. */
    private static int verifiedBlobs(Path layout) throws Exception {
        List<Path> blobs;
        try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
            blobs = files.toList();
        }
        for (Path blob : blobs) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(blob)) {
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                }
            }
            assertThat(HexFormat.of().formatHex(sha.digest())).as("content of %s", blob)
                    .isEqualTo(blob.getFileName().toString());
        }
        return blobs.size();
    }

    /** Waits until the child has a blob download in the store's tmp/: both processes then pull at the same time. */
    private static void awaitDownloadUnderWay(Path store, ChildJava child) throws Exception {
        long deadline = System.nanoTime() + CHILD_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!StoreChecks.temps(store).isEmpty()) {
                return;
            }
            if (!child.handle().isAlive()) {
                throw new AssertionError("the child ended before downloading:\n" + child.stdout() + child.stderr());
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the child never started downloading:\n" + child.stderr());
    }
}
