package io.jenkins.registrypull.manifest;

import java.util.List;
import java.util.Map;

/** An OCI image index or a Docker manifest list: one manifest per platform. */
public record ImageIndex(String mediaType, List<Descriptor> manifests, Map<String, String> annotations)
        implements ParsedManifest {

    public ImageIndex {
        manifests = List.copyOf(manifests);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
}
