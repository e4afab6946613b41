package io.jenkins.registrypull.testkit;

import java.util.List;

/**
 * A multi-platform image: an OCI image index or a Docker manifest list, and its images.
 *
 * @param format OCI (index) or Docker (manifest list)
 * @param index the exact index bytes; their digest is the multi-platform image's digest
 * @param images the platform images, in index order
 */
public record BuiltIndex(ManifestFormat format, Blob index, List<BuiltImage> images) {

    public BuiltIndex {
        images = List.copyOf(images);
    }

    public String mediaType() {
        return format.indexMediaType();
    }

    public String digest() {
        return index.digest();
    }

    public byte[] bytes() {
        return index.bytes();
    }

    /** The image for {@code platform}; throws when the index has none. */
    public BuiltImage image(Platform platform) {
        return images.stream().filter(image -> image.platform().equals(platform)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no image for " + platform + " in this index"));
    }
}
