package io.jenkins.registrypull.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.api.UnsupportedManifestException;
import io.jenkins.registrypull.reference.Digest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an image's config blob the engine uses: its platform and the digests of the
 * uncompressed layers ({@code rootfs.diff_ids}), which docker checks on load.
 */
public record ImageConfig(Platform platform, List<Digest> diffIds) {

    public ImageConfig {
        diffIds = List.copyOf(diffIds);
    }

    public static ImageConfig parse(byte[] raw, ObjectMapper json, String what) throws UnsupportedManifestException {
        JsonNode root;
        try {
            root = json.readTree(raw);
        } catch (IOException e) {
            throw new UnsupportedManifestException("The config blob of " + what + " is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw new UnsupportedManifestException("The config blob of " + what + " is not a JSON object.");
        }
        String os = root.path("os").asText("");
        String arch = root.path("architecture").asText("");
        String variant = root.path("variant").asText(null);
        Platform platform = os.isEmpty() || arch.isEmpty() ? null : new Platform(os, arch, variant,
                root.path("os.version").asText(null)).normalized();
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode id : root.path("rootfs").path("diff_ids")) {
            try {
                diffIds.add(Digest.parseTrusted(id.asText()));
            } catch (IllegalArgumentException e) {
                throw new UnsupportedManifestException("The config blob of " + what
                        + " lists an invalid layer diff_id.");
            }
        }
        return new ImageConfig(platform, diffIds);
    }
}
