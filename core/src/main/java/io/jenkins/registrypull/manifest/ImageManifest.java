package io.jenkins.registrypull.manifest;

import java.util.List;
import java.util.Map;

/**
 * An image manifest (OCI image manifest or Docker schema 2): the config blob and the layers.
 *
 * @param subject the manifest this one refers to (OCI 1.1 referrers), or null
 */
public record ImageManifest(String mediaType, String artifactType, Descriptor config, List<Descriptor> layers,
                            Descriptor subject, Map<String, String> annotations) implements ParsedManifest {

    public ImageManifest {
        layers = List.copyOf(layers);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** The config and the layers, in the order docker pulls them. */
    public List<Descriptor> blobs() {
        var all = new java.util.ArrayList<Descriptor>(layers.size() + 1);
        all.add(config);
        all.addAll(layers);
        return all;
    }

    public long totalSize() {
        return config.size() + layers.stream().mapToLong(Descriptor::size).sum();
    }
}
