package io.jenkins.registrypull.store;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.sink.OciLayoutSink;

import java.nio.file.Path;

/**
 * Runs in a second JVM and pulls one image from a plain-HTTP registry into a store, as another
 * build on the same agent would: {@code IMAGE STORE OUTDIR}. Prints
 * {@code RESULT downloaded=N reused=N total=N} when done.
 */
public final class PullChild {

    private PullChild() {
    }

    public static void main(String[] args) throws Exception {
        try (PullEngine engine = new PullEngine()) {
            PullOptions options = PullOptions.builder().image(args[0]).insecure(true).storeDir(Path.of(args[1]))
                    .sink(new OciLayoutSink(Path.of(args[2]), null, new JsonTrees())).build();
            PullResult result = engine.pull(options, new PullListener() {
                @Override
                public void info(String message) {
                    System.out.println("INFO " + message);
                }
            });
            System.out.println("RESULT downloaded=" + result.bytesDownloaded() + " reused=" + result.bytesReused()
                    + " total=" + result.totalBytes());
        }
    }
}
