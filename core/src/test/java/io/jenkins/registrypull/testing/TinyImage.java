package io.jenkins.registrypull.testing;

import io.jenkins.registrypull.manifest.MediaType;
import io.jenkins.registrypull.reference.Digest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small image made of random bytes for unit tests against {@link MockRegistry}: the engine
 * verifies digests and sizes, not tar content, so random layers are enough there.
 */
public final class TinyImage {

    public final byte[] config;
    public final List<byte[]> layers = new ArrayList<>();
    public final byte[] manifest;
    public final String manifestType;

    public TinyImage(long seed, int layerCount, int layerSize, String manifestType) {
        this(seed, layerCount, layerSize, manifestType, "amd64", null);
    }

    public TinyImage(long seed, int layerCount, int layerSize, String manifestType, String arch, String variant) {
        Random random = new Random(seed);
        this.manifestType = manifestType;
        this.config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\""
                + (variant != null ? ",\"variant\":\"" + variant + "\"" : "")
                + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"seed\":" + seed + "}")
                .getBytes(StandardCharsets.UTF_8);
        boolean oci = MediaType.OCI_MANIFEST.equals(manifestType);
        StringBuilder m = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"").append(manifestType)
                .append("\",\"config\":").append(descriptor(oci ? MediaType.OCI_CONFIG : MediaType.DOCKER_CONFIG, config))
                .append(",\"layers\":[");
        for (int i = 0; i < layerCount; i++) {
            byte[] layer = new byte[layerSize];
            random.nextBytes(layer);
            layers.add(layer);
            m.append(i > 0 ? "," : "").append(descriptor(oci ? MediaType.OCI_LAYER_GZIP : MediaType.DOCKER_LAYER, layer));
        }
        this.manifest = m.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String descriptor(String mediaType, byte[] content) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + Digest.sha256(content) + "\",\"size\":"
                + content.length + "}";
    }

    /** Puts blobs and the manifest (under {@code tag}) into the mock registry. */
    public Digest pushTo(MockRegistry registry, String repository, String tag) {
        registry.putBlob(config);
        layers.forEach(registry::putBlob);
        return registry.putManifest(repository, tag, manifestType, manifest);
    }

    public static byte[] index(String mediaType, List<TinyImage> images, List<String> platforms) {
        StringBuilder s = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"").append(mediaType)
                .append("\",\"manifests\":[");
        for (int i = 0; i < images.size(); i++) {
            String[] p = platforms.get(i).split("/");
            s.append(i > 0 ? "," : "").append("{\"mediaType\":\"").append(images.get(i).manifestType)
                    .append("\",\"digest\":\"").append(Digest.sha256(images.get(i).manifest)).append("\",\"size\":")
                    .append(images.get(i).manifest.length).append(",\"platform\":{\"os\":\"").append(p[0])
                    .append("\",\"architecture\":\"").append(p[1]).append('"')
                    .append(p.length > 2 ? ",\"variant\":\"" + p[2] + "\"" : "").append("}}");
        }
        return s.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
