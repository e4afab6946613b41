package io.jenkins.registrypull.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Makes a multi-platform image: an OCI image index over OCI manifests, or a Docker manifest
 * list over Docker manifests. Each entry carries its platform, as clients select by it.
 */
public final class IndexBuilder {

    private IndexBuilder() {
    }

    public static BuiltIndex of(ManifestFormat format, BuiltImage... images) {
        return of(format, List.of(images), false);
    }

    public static BuiltIndex of(ManifestFormat format, List<BuiltImage> images, boolean indented) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("an index needs at least one image");
        }
        JsonBytes json = new JsonBytes();
        ObjectNode index = json.object();
        index.put("schemaVersion", 2);
        index.put("mediaType", format.indexMediaType());
        ArrayNode manifests = index.putArray("manifests");
        for (BuiltImage image : images) {
            if (image.format() != format) {
                throw new IllegalArgumentException("a " + format + " index cannot list a " + image.format() + " image");
            }
            ObjectNode entry = json.descriptor(image.manifestMediaType(), image.manifest());
            entry.set("platform", json.platform(image.platform()));
            manifests.add(entry);
        }
        return new BuiltIndex(format, Blob.of(json.write(index, indented)), images);
    }
}
