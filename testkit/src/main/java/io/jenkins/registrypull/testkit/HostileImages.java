package io.jenkins.registrypull.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Images a hostile or broken registry serves, built from the small test image's layers and pushed to the
 * real {@link RegistryServer} like any other ({@link RegistryPusher#pushImage}); the registry stores the
 * config blob as it is, so each case reaches a client exactly as crafted:
 *
 * <pre>{@code
 * pusher.pushImage("hostile/app", "bomb", HostileImages.withConfig(ManifestFormat.OCI, HostileImages.nestingBomb(100_000)));
 * }</pre>
 *
 * Configs: {@link #notJson}, {@link #nestingBomb} (deep nesting), {@link #wideArray} (a huge array that is
 * still valid and under any sane cap), {@link #badDiffIds}, {@link #paddedConfig} (a valid config of any size,
 * streamed, never in memory). {@link #uppercaseDigestManifest} is a manifest a registry refuses to store, for a
 * loopback fake to serve.
 */
public final class HostileImages {

    private static final JsonBytes JSON = new JsonBytes();

    private HostileImages() {
    }

    /** The small two-layer image for linux/amd64 with {@code config} as its config blob. */
    public static BuiltImage withConfig(ManifestFormat format, Blob config) {
        List<Layer> layers = List.of(TestImages.baseLayer(Platform.LINUX_AMD64), TestImages.upperLayer());
        ObjectNode manifest = JSON.object();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", format.manifestMediaType());
        manifest.set("config", JSON.descriptor(format.configMediaType(), config));
        ArrayNode layerArray = manifest.putArray("layers");
        layers.forEach(layer -> layerArray.add(JSON.descriptor(format.layerMediaType(), layer.blob())));
        return new BuiltImage(format, Platform.LINUX_AMD64, config, layers, Blob.of(JSON.compact(manifest)));
    }

    /** Text that is not JSON at all. */
    public static Blob notJson() {
        return Blob.of("this is not an image config\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code {"architecture":"amd64","os":"linux","a":[[[[...]]]]}}: arrays nested {@code depth} deep. */
    public static Blob nestingBomb(int depth) {
        String head = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"a\":";
        return Blob.of((head + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.US_ASCII));
    }

    /** A valid config with {@code history} as an array of {@code elements} zeros: huge as a tree, small as bytes. */
    public static Blob wideArray(int elements) {
        StringBuilder s = new StringBuilder(elements * 2 + 200);
        s.append("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"")
                .append(TestImages.baseLayer(Platform.LINUX_AMD64).diffId()).append("\",\"")
                .append(TestImages.upperLayer().diffId()).append("\"]},\"history\":[");
        for (int i = 0; i < elements; i++) {
            s.append(i == 0 ? "0" : ",0");
        }
        return Blob.of(s.append("]}").toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** A config otherwise valid whose second diff_id is {@code badDiffId} (e.g. {@code sha256:../../etc}). */
    public static Blob badDiffIds(String badDiffId) {
        ObjectNode config = JSON.object();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(TestImages.baseLayer(Platform.LINUX_AMD64).diffId()).add(badDiffId);
        return Blob.of(JSON.compact(config));
    }

    /**
     * A valid config of exactly {@code size} bytes, padded with a long string field; streamed from a generator
     * (a multi-GiB config costs no memory here), its digest computed in one streaming pass.
     */
    public static Blob paddedConfig(long size) {
        byte[] head = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"pad\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
        long padding = size - head.length - tail.length;
        if (padding < 0) {
            throw new IllegalArgumentException("a padded config has at least " + (head.length + tail.length) + " bytes");
        }
        ByteSource source = () -> new SequenceInputStream(java.util.Collections.enumeration(List.of(
                new ByteArrayInputStream(head), new RepeatedByte((byte) 'x', padding), new ByteArrayInputStream(tail))));
        return new Blob(sha256(source), size, source);
    }

    /**
     * The small image's manifest with {@code which} ("config" or "layer") given in uppercase hex: a registry
     * refuses to store it, so a loopback fake serves it.
     */
    public static byte[] uppercaseDigestManifest(BuiltImage image, String which) {
        ObjectNode manifest = JSON.object();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", image.format().manifestMediaType());
        ObjectNode config = JSON.descriptor(image.format().configMediaType(), image.config());
        manifest.set("config", config);
        ArrayNode layers = manifest.putArray("layers");
        image.layers().forEach(layer -> layers.add(JSON.descriptor(image.format().layerMediaType(), layer.blob())));
        ObjectNode target = "config".equals(which) ? config : (ObjectNode) layers.get(0);
        target.put("digest", "sha256:" + target.get("digest").asText().substring("sha256:".length()).toUpperCase());
        return JSON.compact(manifest);
    }

    private static String sha256(ByteSource source) {
        try (InputStream in = source.open()) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) != -1) {
                md.update(buffer, 0, n);
            }
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code count} copies of one byte, generated. */
    private static final class RepeatedByte extends InputStream {
        private final byte value;
        private long left;

        RepeatedByte(byte value, long count) {
            this.value = value;
            this.left = count;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return value & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            java.util.Arrays.fill(buffer, offset, offset + n, value);
            left -= n;
            return n;
        }
    }
}
