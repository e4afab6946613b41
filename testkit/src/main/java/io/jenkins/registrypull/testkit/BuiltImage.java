package io.jenkins.registrypull.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * A single-platform image made by {@link ImageBuilder}: what a registry stores and what a pull
 * must reproduce byte for byte.
 *
 * @param format Docker schema 2 or OCI
 * @param platform what the config says
 * @param config the config JSON blob
 * @param layers bottom first, as the manifest lists them
 * @param manifest the exact manifest bytes; their digest is the image's digest
 */
public record BuiltImage(ManifestFormat format, Platform platform, Blob config, List<Layer> layers, Blob manifest) {

    public BuiltImage {
        layers = List.copyOf(layers);
    }

    public String manifestMediaType() {
        return format.manifestMediaType();
    }

    public String manifestDigest() {
        return manifest.digest();
    }

    public byte[] manifestBytes() {
        return manifest.bytes();
    }

    public byte[] configBytes() {
        return config.bytes();
    }

    /** Config and layers: every blob a push must upload before the manifest. */
    public List<Blob> blobs() {
        List<Blob> blobs = new ArrayList<>();
        blobs.add(config);
        layers.forEach(layer -> blobs.add(layer.blob()));
        return blobs;
    }

    /** Sum of config and compressed layer sizes: the bytes a full pull downloads besides the manifest. */
    public long blobBytes() {
        return blobs().stream().mapToLong(Blob::size).sum();
    }
}
