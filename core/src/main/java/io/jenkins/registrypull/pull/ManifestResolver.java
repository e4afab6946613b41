package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.UnsupportedManifestException;
import io.jenkins.registrypull.error.VerificationException;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.ImageIndex;
import io.jenkins.registrypull.manifest.ImageManifest;
import io.jenkins.registrypull.manifest.ManifestParser;
import io.jenkins.registrypull.manifest.ParsedManifest;
import io.jenkins.registrypull.manifest.Platform;
import io.jenkins.registrypull.manifest.PlatformSelector;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.reference.ImageReference;
import io.jenkins.registrypull.registry.FetchedManifest;
import io.jenkins.registrypull.registry.RegistryClient;
import io.jenkins.registrypull.store.BlobLease;

import java.io.IOException;
import java.nio.file.Files;

/**
 * Turns a reference into one verified image manifest: fetches what the tag or digest points
 * at, and when that is an index, picks the platform and fetches (or finds in the store) the
 * platform's manifest by digest. Every manifest is verified over its raw bytes and kept in the
 * blob store, so a warm re-pull of a multi-platform image needs only the index request.
 */
final class ManifestResolver {

    private final RegistryClient client;
    private final ManifestParser parser;
    private final BlobLease lease;
    private final Retrier retrier;

    ManifestResolver(RegistryClient client, ManifestParser parser, BlobLease lease, Retrier retrier) {
        this.client = client;
        this.parser = parser;
        this.lease = lease;
        this.retrier = retrier;
    }

    ResolvedImage resolve(ImageReference reference, Platform wanted)
            throws RegistryException, IOException, InterruptedException {
        String what = reference.toString();
        FetchedManifest top = fetch("the manifest of " + what, () -> client.fetchManifest(
                reference.repository(), reference.manifestReference(), reference.digest(), what));
        ParsedManifest parsed = parser.parse(top.bytes(), top.contentType(), what);
        lease.put(top.digest(), top.bytes());
        if (parsed instanceof ImageManifest manifest) {
            return new ResolvedImage(reference, null, top.digest(), top.bytes(), manifest, null);
        }
        ImageIndex index = (ImageIndex) parsed;
        Descriptor chosen = PlatformSelector.select(index, wanted, what);
        byte[] bytes = manifestBytes(reference, chosen, what);
        ParsedManifest platformManifest = parser.parse(bytes, chosen.mediaType(), what + " for " + chosen.platform());
        if (!(platformManifest instanceof ImageManifest manifest)) {
            throw new UnsupportedManifestException("The index of " + what + " points, for " + chosen.platform()
                    + ", at another index; nested indexes are not supported.");
        }
        return new ResolvedImage(reference, top.digest(), chosen.digest(), bytes, manifest,
                chosen.platform().normalized());
    }

    /**
     * Fetches with the pull's retries, and once more from scratch when the bytes do not hash to the
     * announced or pinned digest: as for blobs, a byte damaged in transit should not fail a build, while
     * a registry that keeps serving other bytes still does.
     */
    private FetchedManifest fetch(String what, Retrier.Operation<FetchedManifest> fetch)
            throws RegistryException, InterruptedException {
        try {
            return retrier.call(what, fetch);
        } catch (VerificationException mismatch) {
            return retrier.call(what, fetch);
        }
    }

    private byte[] manifestBytes(ImageReference reference, Descriptor chosen, String what)
            throws RegistryException, IOException, InterruptedException {
        Digest digest = chosen.digest();
        var stored = lease.holdIfPresent(digest, chosen.size());
        if (stored != null) {
            return Files.readAllBytes(stored); // verified when it was stored
        }
        FetchedManifest fetched = fetch("the manifest of " + what + " for " + chosen.platform(),
                () -> client.fetchManifest(reference.repository(), digest.toString(), digest,
                        what + " for " + chosen.platform()));
        if (fetched.bytes().length != chosen.size()) {
            throw new VerificationException("The manifest " + digest + " of " + what + " has " + fetched.bytes().length
                    + " bytes but the index declares " + chosen.size() + ". Nothing was kept.");
        }
        lease.put(digest, fetched.bytes());
        return fetched.bytes();
    }
}
