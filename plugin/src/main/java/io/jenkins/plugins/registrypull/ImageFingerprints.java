package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Fingerprint;
import hudson.model.FingerprintMap;
import hudson.model.Run;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.model.Jenkins;

/**
 * Records the digests of a pulled image as Jenkins fingerprints, so "which builds used this image?" has an answer
 * on the fingerprint pages. The fingerprint hash of a digest is the first 32 hex digits of its hex part, the
 * convention of docker-commons' {@code DockerFingerprints.getFingerprintHash}: the image id (config digest) then meets
 * the fingerprints docker-commons and docker-workflow record for the same image.
 */
public final class ImageFingerprints {
    private ImageFingerprints() {
    }

    /** The 32-character fingerprint hash of {@code sha256:<64 hex>} (or any {@code algorithm:hex} digest). */
    @NonNull
    public static String hashOf(@NonNull String digest) {
        String hex = digest.substring(digest.indexOf(':') + 1);
        if (hex.length() < 32) {
            throw new IllegalArgumentException("Expecting a full digest, but got " + digest);
        }
        return hex.substring(0, 32);
    }

    /** The fingerprints to record for one pull, by digest: index or manifest, manifest, config (image id). */
    @NonNull
    static Map<String, String> namesByDigest(@NonNull PulledImage image) {
        Map<String, String> names = new LinkedHashMap<>();
        if (image.getIndexDigest() != null) {
            names.put(image.getIndexDigest(), "Container image " + image.getImage() + " (index)");
        }
        names.putIfAbsent(image.getManifestDigest(), "Container image " + image.getImage() + " (manifest)");
        // docker-commons names image-id fingerprints "Docker image <name>"
        names.putIfAbsent(image.getConfigDigest(), "Docker image " + image.getImage());
        return names;
    }

    /** Creates (or finds) the fingerprints and adds {@code run} to their usages. */
    public static void record(@NonNull Run<?, ?> run, @NonNull PulledImage image) throws IOException {
        FingerprintMap map = Jenkins.get().getFingerprintMap();
        for (Map.Entry<String, String> e : namesByDigest(image).entrySet()) {
            Fingerprint f = map.getOrCreate(run, e.getValue(), hashOf(e.getKey()));
            f.addFor(run);
        }
    }
}
