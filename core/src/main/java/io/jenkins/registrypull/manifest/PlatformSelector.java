package io.jenkins.registrypull.manifest;

import io.jenkins.registrypull.error.NoMatchingPlatformException;

import java.util.List;
import java.util.stream.Collectors;

/** Picks the manifest for one platform from an index, as docker and containerd do. */
public final class PlatformSelector {

    /** buildx stores attestations in the index under this annotation; they are not images. */
    static final String REFERENCE_TYPE = "vnd.docker.reference.type";

    private PlatformSelector() {
    }

    public static Descriptor select(ImageIndex index, Platform wanted, String what) throws NoMatchingPlatformException {
        List<Descriptor> images = images(index);
        for (Descriptor entry : images) {
            if (entry.platform() != null && wanted.matches(entry.platform())) {
                return entry;
            }
        }
        String offered = images.stream().filter(d -> d.platform() != null)
                .map(d -> d.platform().normalized().toString()).distinct().collect(Collectors.joining(", "));
        throw new NoMatchingPlatformException("The image " + what + " has no manifest for " + wanted.normalized()
                + "; it offers " + (offered.isEmpty() ? "no platform-tagged manifests" : offered)
                + ". Choose one of these with the platform option (e.g. platform: 'linux/amd64').");
    }

    /** Entries that are images (not attestations or other artifacts). */
    static List<Descriptor> images(ImageIndex index) {
        return index.manifests().stream()
                .filter(d -> MediaType.isImageManifest(d.mediaType()))
                .filter(d -> !d.annotations().containsKey(REFERENCE_TYPE))
                .filter(d -> d.platform() == null || !"unknown".equals(d.platform().os()))
                .toList();
    }
}
