package io.jenkins.registrypull.manifest;

import io.jenkins.registrypull.reference.Digest;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Points at content by media type, digest and size (OCI image-spec descriptor.md). In plugin
 * code refer to it by its full name: it collides with {@code hudson.model.Descriptor}.
 *
 * @param platform    only on index entries, else null
 * @param annotations never null
 * @param urls        foreign-layer URLs, never null (and never fetched)
 */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform,
                         Map<String, String> annotations, List<String> urls) {

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        urls = urls == null ? List.of() : List.copyOf(urls);
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, null, Map.of(), List.of());
    }
}
