package io.jenkins.registrypull.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.error.UnsupportedManifestException;
import io.jenkins.registrypull.reference.Digest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads manifest JSON into {@link ImageManifest} or {@link ImageIndex}, checking every field
 * the engine relies on. The media type comes from the body when it has one (the body is covered
 * by the digest, the Content-Type header is not), else from the header.
 */
public final class ManifestParser {

    /** More layers than any runnable image has (overlayfs stops at 128); a cap against hostile manifests. */
    public static final int MAX_LAYERS = 500;
    public static final int MAX_INDEX_ENTRIES = 1000;

    private final JsonTrees json;

    public ManifestParser(JsonTrees json) {
        this.json = json;
    }

    /**
     * @param raw         the exact bytes the registry sent (already digest-verified by the caller)
     * @param contentType the response's Content-Type, or null
     * @param what        names the manifest in messages, e.g. the reference
     */
    public ParsedManifest parse(byte[] raw, String contentType, String what) throws UnsupportedManifestException {
        JsonNode root;
        try {
            root = json.read(raw);
        } catch (IOException e) {
            throw new UnsupportedManifestException("The manifest of " + what + " is not valid JSON; the registry"
                    + " serves a corrupt manifest. Push the image again.");
        }
        if (root == null || !root.isObject()) {
            throw new UnsupportedManifestException("The manifest of " + what + " is not a JSON object.");
        }
        String mediaType = textOrNull(root, "mediaType");
        if (mediaType == null) {
            mediaType = MediaType.bare(contentType);
        }
        int schemaVersion = root.path("schemaVersion").asInt(-1);
        if (schemaVersion == 1 || MediaType.isSchema1(mediaType)) {
            throw new UnsupportedManifestException("The image " + what + " uses the Docker schema 1 manifest format,"
                    + " deprecated since 2017 and not supported. Re-push the image with a current docker, podman"
                    + " or skopeo (e.g. `skopeo copy --format v2s2`), which writes schema 2.");
        }
        if (schemaVersion != 2) {
            throw new UnsupportedManifestException("The manifest of " + what + " has schemaVersion " + schemaVersion
                    + "; only schema version 2 (Docker schema 2, OCI) is supported.");
        }
        if (!MediaType.isIndex(mediaType) && !MediaType.isImageManifest(mediaType)) {
            // OCI allows omitting mediaType: infer from the shape.
            if (root.has("manifests")) {
                mediaType = MediaType.OCI_INDEX;
            } else if (root.has("config") && root.has("layers")) {
                mediaType = MediaType.OCI_MANIFEST;
            } else {
                throw new UnsupportedManifestException("The manifest of " + what + " has media type '" + mediaType
                        + "', which is not an image; supported: " + String.join(", ", MediaType.ACCEPTED_MANIFESTS));
            }
        }
        if (MediaType.isIndex(mediaType)) {
            JsonNode list = root.get("manifests");
            if (list == null || !list.isArray()) {
                throw invalid(what, "has no manifests list");
            }
            if (list.size() > MAX_INDEX_ENTRIES) {
                throw invalid(what, "lists " + list.size() + " manifests, more than the " + MAX_INDEX_ENTRIES
                        + " accepted");
            }
            List<Descriptor> manifests = new ArrayList<>();
            for (JsonNode entry : list) {
                manifests.add(descriptor(entry, what, true));
            }
            return new ImageIndex(mediaType, manifests, annotations(root));
        }
        JsonNode config = root.get("config");
        JsonNode layers = root.get("layers");
        if (config == null || !config.isObject()) {
            throw invalid(what, "has no config descriptor");
        }
        if (layers == null || !layers.isArray()) {
            throw invalid(what, "has no layers list");
        }
        if (layers.size() > MAX_LAYERS) {
            throw invalid(what, "has " + layers.size() + " layers, more than the " + MAX_LAYERS + " accepted");
        }
        List<Descriptor> layerDescriptors = new ArrayList<>();
        for (JsonNode layer : layers) {
            layerDescriptors.add(descriptor(layer, what, false));
        }
        JsonNode subject = root.get("subject");
        return new ImageManifest(mediaType, textOrNull(root, "artifactType"), descriptor(config, what, false),
                layerDescriptors, subject != null && subject.isObject() ? descriptor(subject, what, false) : null,
                annotations(root));
    }

    private Descriptor descriptor(JsonNode node, String what, boolean withPlatform)
            throws UnsupportedManifestException {
        String mediaType = textOrNull(node, "mediaType");
        String digestText = textOrNull(node, "digest");
        JsonNode size = node.get("size");
        if (mediaType == null || digestText == null || size == null || !size.canConvertToLong() || size.asLong() < 0) {
            throw invalid(what, "has a descriptor without a valid mediaType, digest and size");
        }
        Digest digest;
        try {
            digest = Digest.parseTrusted(digestText);
        } catch (IllegalArgumentException e) {
            boolean uppercase = !digestText.equals(digestText.toLowerCase(java.util.Locale.ROOT));
            throw invalid(what, "references an invalid or unsupported digest (" + shorten(digestText) + ")"
                    + (uppercase ? ": its hex has uppercase letters, and OCI digests are lowercase" : ""));
        }
        Platform platform = null;
        JsonNode p = node.get("platform");
        if (withPlatform && p != null && p.isObject()) {
            String os = textOrNull(p, "os");
            String arch = textOrNull(p, "architecture");
            if (os != null && arch != null) {
                platform = new Platform(os, arch, textOrNull(p, "variant"), textOrNull(p, "os.version"));
            }
        }
        List<String> urls = new ArrayList<>();
        JsonNode u = node.get("urls");
        if (u != null && u.isArray()) {
            u.forEach(x -> urls.add(x.asText()));
        }
        return new Descriptor(mediaType, digest, size.asLong(), platform, annotations(node), urls);
    }

    private static Map<String, String> annotations(JsonNode node) {
        JsonNode a = node.get("annotations");
        if (a == null || !a.isObject()) {
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        a.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
        return result;
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static UnsupportedManifestException invalid(String what, String problem) {
        return new UnsupportedManifestException("The manifest of " + what + " " + problem
                + "; the registry serves an invalid manifest. Push the image again.");
    }

    private static String shorten(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }
}
