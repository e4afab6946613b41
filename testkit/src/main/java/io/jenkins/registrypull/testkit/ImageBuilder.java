package io.jenkins.registrypull.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes the config and manifest of a single-platform image from its layers, in Docker schema 2
 * or OCI form, without the internet.
 *
 * <p>The config's {@code rootfs.diff_ids} are the SHA-256 of each uncompressed tar, which
 * {@code docker load} checks; {@code history} has one entry per layer.
 *
 * <pre>{@code
 * BuiltImage image = new ImageBuilder(ManifestFormat.OCI, Platform.LINUX_AMD64)
 *         .layer(new TarLayerBuilder().file("hello.txt", "hi").build())
 *         .label("org.example.purpose", "test")
 *         .build();
 * }</pre>
 */
public final class ImageBuilder {

    private final ManifestFormat format;
    private final Platform platform;
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Instant created = Instant.parse("2024-01-01T00:00:00Z");
    private boolean indented;
    private final JsonBytes json = new JsonBytes();

    public ImageBuilder(ManifestFormat format, Platform platform) {
        this.format = Objects.requireNonNull(format, "format");
        this.platform = Objects.requireNonNull(platform, "platform");
    }

    public ImageBuilder layer(Layer layer) {
        layers.add(Objects.requireNonNull(layer));
        return this;
    }

    public ImageBuilder layers(List<Layer> value) {
        value.forEach(this::layer);
        return this;
    }

    /** A config label; also a cheap way to make two otherwise equal images differ. */
    public ImageBuilder label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public ImageBuilder created(Instant value) {
        this.created = Objects.requireNonNull(value);
        return this;
    }

    /** Write config and manifest indented (3 spaces), as docker does, instead of compact. */
    public ImageBuilder indented() {
        this.indented = true;
        return this;
    }

    public BuiltImage build() {
        if (layers.isEmpty()) {
            throw new IllegalStateException("an image needs at least one layer");
        }
        Blob config = Blob.of(json.write(config(), indented));
        ObjectNode manifest = json.object();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", format.manifestMediaType());
        manifest.set("config", json.descriptor(format.configMediaType(), config));
        ArrayNode layerArray = manifest.putArray("layers");
        layers.forEach(layer -> layerArray.add(json.descriptor(format.layerMediaType(), layer.blob())));
        return new BuiltImage(format, platform, config, layers, Blob.of(json.write(manifest, indented)));
    }

    private ObjectNode config() {
        ObjectNode config = json.object();
        config.put("architecture", platform.architecture());
        config.put("os", platform.os());
        if (platform.variant() != null) {
            config.put("variant", platform.variant());
        }
        config.put("created", created.toString());
        ObjectNode runtime = config.putObject("config");
        runtime.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        runtime.putArray("Cmd").add("/bin/sh");
        if (!labels.isEmpty()) {
            ObjectNode labelNode = runtime.putObject("Labels");
            labels.forEach(labelNode::put);
        }
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        layers.forEach(layer -> diffIds.add(layer.diffId()));
        ArrayNode history = config.putArray("history");
        for (int i = 0; i < layers.size(); i++) {
            ObjectNode entry = history.addObject();
            entry.put("created", created.toString());
            entry.put("created_by", "registry-pull testkit layer " + (i + 1));
        }
        return config;
    }
}
