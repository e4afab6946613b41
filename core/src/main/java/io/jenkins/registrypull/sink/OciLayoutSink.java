package io.jenkins.registrypull.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.MediaType;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.store.BlobStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the image as an OCI image layout directory (image-spec image-layout.md): {@code
 * oci-layout}, {@code index.json} and {@code blobs/<alg>/<hex>}. The index entry is annotated
 * with {@code org.opencontainers.image.ref.name} = the tag (how skopeo's {@code oci:DIR:TAG}
 * finds it; for a pull by digest only the tag derived from the digest, {@link LocalTag}) and
 * {@code io.containerd.image.name} = the full reference. An existing layout is extended: an entry
 * with the same ref name is replaced, other images stay. The result's local reference is
 * {@code oci:DIR:REF_NAME}, which skopeo, podman and buildah resolve with no registry.
 */
public final class OciLayoutSink implements Sink {

    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    public static final String CONTAINERD_NAME = "io.containerd.image.name";
    private static final String LAYOUT_FILE = "oci-layout";
    private static final String INDEX_FILE = "index.json";

    private final Path directory;
    private final String refName;
    private final ObjectMapper json;

    /**
     * @param refName the ref name to annotate; null means the reference's tag (derived from the digest for a
     *                digest-only reference)
     */
    public OciLayoutSink(Path directory, String refName, ObjectMapper json) {
        this.directory = directory.toAbsolutePath().normalize();
        this.refName = refName;
        this.json = json;
    }

    @Override
    public String describe() {
        return "OCI layout " + directory;
    }

    /** The layout's directory. */
    public Path directory() {
        return directory;
    }

    @Override
    public SinkSession open(ResolvedImage image, BlobStore store) throws IOException {
        return new Session(image, store);
    }

    private final class Session implements SinkSession {
        private final ResolvedImage image;
        private final List<Path> created = new ArrayList<>();
        private final boolean directoryExisted;
        private boolean committed;

        Session(ResolvedImage image, BlobStore store) throws IOException {
            this.image = image;
            this.directoryExisted = Files.isDirectory(directory);
            Files.createDirectories(directory);
            Path manifest = store.pathOf(image.manifestDigest());
            if (BlobLinker.place(manifest, blobPath(image.manifestDigest()))) {
                created.add(blobPath(image.manifestDigest()));
            }
        }

        @Override
        public void accept(Descriptor blob, Path verifiedFile) throws IOException {
            Path target = blobPath(blob.digest());
            if (BlobLinker.place(verifiedFile, target)) {
                created.add(target);
            }
        }

        @Override
        public SinkResult commit() throws IOException {
            Path layout = directory.resolve(LAYOUT_FILE);
            if (!Files.exists(layout)) {
                writeAtomically(layout, json.writeValueAsBytes(json.createObjectNode().put("imageLayoutVersion", "1.0.0")));
            }
            writeAtomically(directory.resolve(INDEX_FILE), json.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(updatedIndex()));
            committed = true;
            return new SinkResult(directory.toString(), null, List.of(), "oci:" + directory + ":" + refName());
        }

        private String refName() {
            return refName != null ? refName : LocalTag.of(image.reference());
        }

        private ObjectNode updatedIndex() throws IOException {
            Path indexFile = directory.resolve(INDEX_FILE);
            ObjectNode index = null;
            if (Files.exists(indexFile)) {
                JsonNode existing = json.readTree(Files.readAllBytes(indexFile));
                if (existing instanceof ObjectNode o && o.path("manifests").isArray()) {
                    index = o;
                }
            }
            if (index == null) {
                index = json.createObjectNode();
                index.put("schemaVersion", 2);
                index.put("mediaType", MediaType.OCI_INDEX);
                index.putArray("manifests");
            }
            String name = refName();
            ArrayNode manifests = (ArrayNode) index.get("manifests");
            ArrayNode kept = json.createArrayNode();
            for (JsonNode entry : manifests) {
                String existingName = entry.path("annotations").path(REF_NAME).asText(null);
                boolean sameName = name != null && name.equals(existingName);
                boolean sameUnnamed = name == null && existingName == null
                        && image.manifestDigest().toString().equals(entry.path("digest").asText());
                if (!sameName && !sameUnnamed) {
                    kept.add(entry);
                }
            }
            Descriptor d = image.manifestDescriptor();
            ObjectNode entry = kept.addObject();
            entry.put("mediaType", d.mediaType());
            entry.put("digest", d.digest().toString());
            entry.put("size", d.size());
            ObjectNode annotations = entry.putObject("annotations");
            annotations.put(CONTAINERD_NAME, image.reference().toString());
            if (name != null) {
                annotations.put(REF_NAME, name);
            }
            if (image.platform() != null) {
                ObjectNode platform = entry.putObject("platform");
                platform.put("architecture", image.platform().architecture());
                platform.put("os", image.platform().os());
                if (image.platform().variant() != null) {
                    platform.put("variant", image.platform().variant());
                }
            }
            index.set("manifests", kept);
            return index;
        }

        @Override
        public void close() {
            if (committed) {
                return;
            }
            for (Path path : created) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort: a left-over blob is content-addressed and harmless
                }
            }
            if (!directoryExisted) {
                deleteEmptyTree(directory);
            }
        }
    }

    private Path blobPath(Digest digest) {
        return directory.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(temp, content);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteEmptyTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(java.util.Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                if (Files.isDirectory(p)) {
                    try (var entries = Files.list(p)) {
                        if (entries.findAny().isEmpty()) {
                            Files.delete(p);
                        }
                    }
                }
            }
        } catch (IOException ignored) {
            // best effort
        }
    }
}
