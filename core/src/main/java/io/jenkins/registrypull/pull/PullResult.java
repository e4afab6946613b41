package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.verify.SignatureCheck;

import io.jenkins.registrypull.http.RateLimit;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.Platform;
import io.jenkins.registrypull.mirror.ServedFrom;
import io.jenkins.registrypull.reference.Digest;

import java.time.Duration;
import java.util.List;

/**
 * What a pull did. Nothing in it is secret.
 *
 * @param reference         the canonical reference pulled
 * @param manifestDigest    digest of the image manifest, verified over its raw bytes
 * @param manifestMediaType media type of that manifest
 * @param indexDigest       digest of the index the tag pointed at, or null for a single-platform image
 * @param platform          the image's platform (from its config)
 * @param configDigest      digest of the config blob (docker's image id)
 * @param layers            the layer descriptors, in order
 * @param totalBytes        size of config and layers as stored in the registry (compressed)
 * @param bytesDownloaded   bytes fetched by this pull
 * @param bytesReused       bytes found already verified in the blob store
 * @param duration          wall time of the whole pull
 * @param location          where the image went (a path, or the engine name)
 * @param imageId           the image id a container engine reported, or null
 * @param verification      human-readable facts about what was verified
 * @param signature         the cosign signature that was verified, or null when no key was given (or none was
 *                          found and none was required: the facts then say so)
 * @param localReference    the name the target resolves on this machine with no registry: {@code reg/repo:tag} in
 *                          docker or podman (for a pull by digest only {@code reg/repo:digest-sha256-<hex>}),
 *                          {@code oci:DIR:tag} for an OCI layout, {@code docker-archive:FILE}; what to give
 *                          {@code docker run}. Unlike {@code repo@<pinnableDigest>}, which names the image in the
 *                          registry: a loaded image has no RepoDigests, so docker would go back to the registry.
 *                          Null when the sink did not say.
 * @param servedFrom        which endpoint (a mirror or the registry) served the manifest and each blob, or null
 * @param rateLimit         the pull rate limit the registry that served the manifest reported (Docker Hub does),
 *                          or null when it reported none
 */
public record PullResult(String reference, Digest manifestDigest, String manifestMediaType, Digest indexDigest,
                         Platform platform, Digest configDigest, List<Descriptor> layers, long totalBytes,
                         long bytesDownloaded, long bytesReused, Duration duration, String location, String imageId,
                         List<String> verification, SignatureCheck signature, String localReference,
                         ServedFrom servedFrom, RateLimit rateLimit) {

    public PullResult {
        layers = List.copyOf(layers);
        verification = List.copyOf(verification);
    }

    /** The digest a pipeline should pin: the index when there is one (as docker shows), else the manifest. */
    public Digest pinnableDigest() {
        return indexDigest != null ? indexDigest : manifestDigest;
    }

    public int layerCount() {
        return layers.size();
    }
}
