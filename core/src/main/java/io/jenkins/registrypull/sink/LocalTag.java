package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.reference.ImageReference;

/**
 * The tag a pulled image carries where it lands (an engine's store, a docker-archive, an OCI layout): the tag the
 * user gave, or for a pull by digest only a tag derived from that digest, {@code digest-sha256-<hex>}.
 *
 * <p>Why derive one: docker records no RepoDigests for an image it loads, so {@code repo@sha256:...} is never in its
 * store and an untagged image has no name but its id; podman never records the index digest of a multi-platform
 * image. A tag is the one name every engine and transport resolves locally. It is deterministic (same digest, same
 * tag), so a rerun replaces it rather than adding another, and it is not the {@code sha256-<hex>} tag that the OCI
 * referrers fallback uses, so pushing it by mistake overwrites nothing a registry relies on.
 */
public final class LocalTag {

    /** The prefix of derived tags. */
    public static final String DIGEST_PREFIX = "digest-";

    private static final int MAX_TAG = 128;

    private LocalTag() {
    }

    /** The user's tag, or the one derived from the digest when the reference has none. */
    public static String of(ImageReference reference) {
        if (reference.tag() != null) {
            return reference.tag();
        }
        String tag = DIGEST_PREFIX + reference.digest().algorithm() + "-" + reference.digest().hex();
        return tag.length() > MAX_TAG ? tag.substring(0, MAX_TAG) : tag; // a tag has at most 128 characters
    }

    /** The full local name, {@code domain/repository:tag}, as podman and containerd name images. */
    public static String fullName(ImageReference reference) {
        return reference.name() + ":" + of(reference);
    }

    /**
     * docker's short form, {@code busybox:1} for {@code docker.io/library/busybox:1}; other registries keep
     * their host ({@code reg.example.com/team/app:1}).
     */
    public static String dockerName(ImageReference reference) {
        return DockerArchiveWriter.familiarName(reference) + ":" + of(reference);
    }
}
