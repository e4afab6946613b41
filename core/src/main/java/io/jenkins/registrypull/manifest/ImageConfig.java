package io.jenkins.registrypull.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.jenkins.registrypull.error.UnsupportedManifestException;
import io.jenkins.registrypull.reference.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an image's config blob the engine uses: its platform and the digests of the
 * uncompressed layers ({@code rootfs.diff_ids}), which docker checks on load.
 *
 * <p>The config comes from the registry, so it is bounded like a manifest: at most {@link #MAX_BYTES}
 * (refused from the descriptor's size before it is fetched, and read with that cap), parsed as a stream
 * that keeps only the fields above and skips the rest without building it, with Jackson's
 * {@link StreamReadConstraints} against deep nesting and endless strings or numbers. A JSON bomb costs a
 * few microseconds and a clear error, never the agent's heap.
 */
public record ImageConfig(Platform platform, List<Digest> diffIds) {

    /**
     * Real configs are a few KiB (long histories stay well under 1 MiB). 4 MiB, as manifests are capped
     * ({@code RegistryClient.MAX_MANIFEST_BYTES}), and the limit of containers/image: skopeo and podman refuse a
     * bigger config ("exceeded maximum allowed size of 4194304 bytes"), so a bigger one is no usable image anyway.
     */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    /** Real configs nest 3 levels ({@code config.Labels}); a bomb nests thousands. */
    static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_BYTES)
                    .maxNumberLength(100)
                    .maxNameLength(64 * 1024)
                    .build())
            .build();

    public ImageConfig {
        diffIds = List.copyOf(diffIds);
    }

    /**
     * Refuses a config larger than {@link #MAX_BYTES} by its descriptor, before a byte of it is fetched.
     *
     * @param what names the image in the message, e.g. the reference
     */
    public static void checkSize(long size, String what) throws UnsupportedManifestException {
        if (size > MAX_BYTES) {
            throw tooBig(what, size);
        }
    }

    /** Reads the verified config at {@code file} with the size cap, then {@link #parse}s it. */
    public static ImageConfig read(Path file, String what) throws IOException, UnsupportedManifestException {
        byte[] raw;
        try (InputStream in = Files.newInputStream(file)) {
            raw = in.readNBytes(MAX_BYTES + 1);
        }
        if (raw.length > MAX_BYTES) {
            throw tooBig(what, -1);
        }
        return parse(raw, what);
    }

    /** Parses a config of at most {@link #MAX_BYTES}; anything but a JSON object with valid diff_ids is refused. */
    public static ImageConfig parse(byte[] raw, String what) throws UnsupportedManifestException {
        if (raw.length > MAX_BYTES) {
            throw tooBig(what, raw.length);
        }
        try (JsonParser parser = FACTORY.createParser(raw)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new UnsupportedManifestException("The config blob of " + what + " is not a JSON object;"
                        + " the image is corrupt. Nothing was written. Push the image again.");
            }
            Fields fields = new Fields();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "os" -> fields.os = text(parser, value);
                    case "architecture" -> fields.architecture = text(parser, value);
                    case "variant" -> fields.variant = text(parser, value);
                    case "os.version" -> fields.osVersion = text(parser, value);
                    case "rootfs" -> fields.diffIds = rootfs(parser, value, what);
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "content after the object");
            }
            Platform platform = fields.os == null || fields.os.isEmpty() || fields.architecture == null
                    || fields.architecture.isEmpty() ? null
                    : new Platform(fields.os, fields.architecture, fields.variant, fields.osVersion).normalized();
            return new ImageConfig(platform, fields.diffIds);
        } catch (StreamConstraintsException e) {
            throw new UnsupportedManifestException("The config blob of " + what + " is not a usable image config: "
                    + constraint(e) + ". Nothing was written; the image is corrupt or hostile. Push it again.");
        } catch (IOException e) {
            throw new UnsupportedManifestException("The config blob of " + what + " is not valid JSON; the image is"
                    + " corrupt. Nothing was written. Push the image again.");
        }
    }

    private static final class Fields {
        String os;
        String architecture;
        String variant;
        String osVersion;
        List<Digest> diffIds = List.of();
    }

    private static String text(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    private static List<Digest> rootfs(JsonParser parser, JsonToken value, String what)
            throws IOException, UnsupportedManifestException {
        List<Digest> diffIds = new ArrayList<>();
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return diffIds;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            if (!"diff_ids".equals(name) || token != JsonToken.START_ARRAY) {
                parser.skipChildren();
                continue;
            }
            diffIds.clear();
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (diffIds.size() >= ManifestParser.MAX_LAYERS) {
                    throw new UnsupportedManifestException("The config blob of " + what + " lists more than "
                            + ManifestParser.MAX_LAYERS + " layer diff_ids. Nothing was written; push the image again.");
                }
                String id = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                try {
                    diffIds.add(Digest.parseTrusted(id));
                } catch (IllegalArgumentException e) {
                    throw new UnsupportedManifestException("The config blob of " + what + " lists an invalid layer"
                            + " diff_id (" + shorten(id) + "): expected sha256:<64 lowercase hex digits>. Nothing was"
                            + " written; push the image again.");
                }
            }
        }
        return diffIds;
    }

    private static String constraint(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return "its JSON nests deeper than " + MAX_DEPTH + " levels";
        }
        return "a value in it is too long";
    }

    /** @param size in bytes, or negative when only known to be over the cap */
    private static UnsupportedManifestException tooBig(String what, long size) {
        return new UnsupportedManifestException("The config blob of " + what + " is "
                + (size >= 0 ? size + " bytes, more" : "larger") + " than the "
                + MAX_BYTES / (1024 * 1024) + " MiB accepted (as for manifests; skopeo and podman refuse it too); image"
                + " configs are a few KiB. Nothing was written. Check that the reference names a container image.");
    }

    private static String shorten(String text) {
        if (text == null) {
            return "not a string";
        }
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }
}
