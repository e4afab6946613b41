package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.ResolvedImage;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Progress lines on stderr: what was resolved, then one line per blob. */
final class ProgressPrinter implements PullListener {

    private final PrintWriter err;

    ProgressPrinter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void resolved(ResolvedImage image) {
        err.println("Resolved " + image.reference() + " to " + image.manifestDigest()
                + (image.platform() != null ? " (" + image.platform() + " from index " + image.indexDigest() + ")" : "")
                + ": " + image.manifest().layers().size() + " layers, " + Sizes.human(image.manifest().totalSize()));
        err.flush();
    }

    @Override
    public synchronized void blobDone(Descriptor blob, boolean reused, Duration took) {
        if (reused) {
            err.println("  " + blob.digest().shortHex() + " " + Sizes.human(blob.size()) + " already in the store");
        } else {
            err.println("  " + blob.digest().shortHex() + " " + Sizes.human(blob.size()) + " in "
                    + String.format(Locale.ROOT, "%.2f s", took.toNanos() / 1e9) + " ("
                    + Sizes.rate(blob.size(), took) + ")");
        }
        err.flush();
    }

    @Override
    public synchronized void info(String message) {
        err.println(message);
        err.flush();
    }
}
