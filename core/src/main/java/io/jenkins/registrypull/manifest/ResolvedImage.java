package io.jenkins.registrypull.manifest;

import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.reference.ImageReference;

/**
 * The image a pull settled on, before its blobs are fetched.
 *
 * @param reference     what the user asked for
 * @param indexDigest   digest of the index or manifest list the tag pointed at, or null for a single-platform image
 * @param manifestDigest digest of the image manifest (verified over its raw bytes)
 * @param manifestBytes the raw manifest, exactly as the registry sent it
 * @param manifest      the parsed manifest
 * @param platform      the platform chosen from the index, or null when the tag pointed at a single manifest
 */
public record ResolvedImage(ImageReference reference, Digest indexDigest, Digest manifestDigest, byte[] manifestBytes,
                            ImageManifest manifest, Platform platform) {

    public Descriptor manifestDescriptor() {
        return Descriptor.of(manifest.mediaType(), manifestDigest, manifestBytes.length);
    }
}
