package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.ImageManifest;
import io.jenkins.registrypull.manifest.ManifestParser;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.reference.ImageReference;
import io.jenkins.registrypull.store.BlobLease;
import io.jenkins.registrypull.store.BlobStore;
import io.jenkins.registrypull.store.BlobWriter;
import io.jenkins.registrypull.testkit.Blob;
import io.jenkins.registrypull.testkit.BuiltImage;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A testkit image put into a blob store and resolved as the puller would, to feed sinks without a registry. */
final class StoredImage implements AutoCloseable {

    final BuiltImage built;
    final BlobStore store;
    final BlobLease lease;
    final ResolvedImage resolved;

    StoredImage(Path storeDir, BuiltImage built, String reference) throws Exception {
        this.built = built;
        this.store = new BlobStore(storeDir);
        this.lease = store.lease();
        for (Blob blob : built.blobs()) {
            Digest digest = Digest.parseTrusted(blob.digest());
            BlobLease.Claim claim = lease.claim(digest, blob.size());
            if (!claim.isPresent()) {
                try (BlobWriter writer = claim.writer(); InputStream in = blob.content().open()) {
                    byte[] buffer = new byte[64 * 1024];
                    int n;
                    while ((n = in.read(buffer)) != -1) {
                        writer.write(buffer, 0, n);
                    }
                    writer.commit();
                }
            }
        }
        Digest manifestDigest = Digest.parseTrusted(built.manifestDigest());
        lease.put(manifestDigest, built.manifestBytes());
        ImageManifest manifest = (ImageManifest) new ManifestParser(new JsonTrees())
                .parse(built.manifestBytes(), built.manifestMediaType(), reference);
        this.resolved = new ResolvedImage(ImageReference.parse(reference), null, manifestDigest,
                built.manifestBytes(), manifest, null);
    }

    /** Hands every blob to the session in reverse manifest order (completion order is arbitrary). */
    void feed(SinkSession session) throws Exception {
        List<Descriptor> blobs = new ArrayList<>(resolved.manifest().blobs());
        Collections.reverse(blobs);
        for (Descriptor blob : blobs) {
            session.accept(blob, store.pathOf(blob.digest()));
        }
    }

    @Override
    public void close() {
        lease.close();
    }
}
