package io.jenkins.plugins.registrypull.agent;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.registrypull.Sizes;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.reference.Digest;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The engine's progress as build console lines, written on the agent to the build's {@code TaskListener}: what was
 * resolved, then one line per blob (config and layers) as each is verified. Blob events come from several download
 * threads: every method is synchronized so lines never interleave. Nothing the engine reports is secret.
 */
final class ConsoleProgress implements PullListener {
    private final PrintStream out;
    private volatile Digest config;

    ConsoleProgress(@NonNull PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void resolved(ResolvedImage image) {
        config = image.manifest().config().digest();
        StringBuilder line = new StringBuilder("Resolved ").append(image.reference()).append(" to manifest ")
                .append(image.manifestDigest());
        if (image.indexDigest() != null) {
            line.append(" (").append(image.platform()).append(" from index ").append(image.indexDigest()).append(')');
        }
        line.append(": ").append(image.manifest().layers().size()).append(" layers, ")
                .append(Sizes.bytes(image.manifest().totalSize()));
        out.println(line);
        out.flush();
    }

    @Override
    public synchronized void blobDone(Descriptor blob, boolean reused, Duration took) {
        String kind = blob.digest().equals(config) ? "config" : "layer ";
        String name = "  " + kind + " " + blob.digest().algorithm() + ":" + blob.digest().shortHex() + " "
                + Sizes.bytes(blob.size());
        if (reused) {
            out.println(name + " already in the agent's blob store");
        } else {
            out.println(name + " in " + Sizes.seconds(took) + " (" + Sizes.rate(blob.size(), took) + ")");
        }
        out.flush();
    }

    @Override
    public synchronized void info(String message) {
        out.println(message);
        out.flush();
    }
}
