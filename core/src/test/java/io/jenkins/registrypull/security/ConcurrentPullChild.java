package io.jenkins.registrypull.security;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.sink.OciLayoutSink;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The second process of {@link ConcurrentPullsTest}: pulls several images at once, one thread and one engine per
 * image, into a shared store, as another agent JVM (or build) on the same machine would.
 * Arguments: {@code STORE OUTDIR CA_PEM_FILE USERNAME IMAGE...}; the password comes on stdin. Prints
 * {@code RESULT <image> <manifest digest> <downloaded> <reused>} per pull, or {@code FAILED <image> <message>}.
 */
public final class ConcurrentPullChild {

    private ConcurrentPullChild() {
    }

    public static void main(String[] args) throws Exception {
        Path store = Path.of(args[0]);
        Path outDir = Path.of(args[1]);
        String ca = Files.readString(Path.of(args[2]), StandardCharsets.US_ASCII);
        String username = args[3];
        String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        List<String> images = List.of(args).subList(4, args.length);
        ExecutorService threads = Executors.newFixedThreadPool(images.size());
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            String image = images.get(i);
            Path out = outDir.resolve("child-" + i);
            results.add(threads.submit(() -> {
                try (PullEngine engine = new PullEngine();
                     Credential credential = Credential.usernamePassword(username, SecretValue.ofString(password))) {
                    PullResult r = engine.pull(PullOptions.builder().image(image).credential(credential)
                            .caCertificatePem(ca).storeDir(store).sink(new OciLayoutSink(out, null, new JsonTrees()))
                            .build(), PullListener.NONE);
                    return "RESULT " + image + " " + r.manifestDigest() + " " + r.bytesDownloaded() + " "
                            + r.bytesReused() + " " + out;
                } catch (Exception e) {
                    return "FAILED " + image + " " + e;
                }
            }));
        }
        int failed = 0;
        for (Future<String> result : results) {
            String line = result.get();
            failed += line.startsWith("FAILED") ? 1 : 0;
            System.out.println(line);
        }
        threads.shutdown();
        System.exit(failed == 0 ? 0 : 1);
    }
}
