package io.jenkins.registrypull.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.registrypull.json.JsonTrees;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.MediaType;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.store.BlobStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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
 *
 * <p>The directory is not trusted (in Jenkins it is in the workspace): an {@code index.json} or
 * {@code oci-layout} that is not a layout's, or {@code blobs} leading outside through a link, is refused
 * before any blob is fetched; blobs already there are verified or replaced ({@link BlobLinker}); every
 * write goes through an unpredictable temporary name ({@link OutputFiles}); {@code index.json} is written
 * last, so until the commit no image is named.
 */
public final class OciLayoutSink implements Sink {

    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    public static final String CONTAINERD_NAME = "io.containerd.image.name";
    private static final String LAYOUT_FILE = "oci-layout";
    private static final String INDEX_FILE = "index.json";
    private static final String LAYOUT_CONTENT = "{\"imageLayoutVersion\":\"1.0.0\"}";
    /** An index naming thousands of images is a few MiB; a cap against a planted endless file. */
    private static final int MAX_INDEX_BYTES = 16 * 1024 * 1024;

    private final Path directory;
    private final String refName;
    private final JsonTrees json;

    /**
     * @param refName the ref name to annotate; null means the reference's tag (derived from the digest for a
     *                digest-only reference)
     */
    public OciLayoutSink(Path directory, String refName, JsonTrees json) {
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
    public SinkSession open(ResolvedImage image, BlobStore store) throws IOException, RegistryException {
        return new Session(image, store);
    }

    private final class Session implements SinkSession {
        private final ResolvedImage image;
        private final List<Path> created = new ArrayList<>();
        private final boolean directoryExisted;
        /** The top-most directory of the output's path that this session creates, or null. */
        private final Path firstCreated;
        private int replaced;
        private boolean committed;

        Session(ResolvedImage image, BlobStore store) throws IOException, RegistryException {
            this.image = image;
            this.directoryExisted = Files.isDirectory(directory);
            this.firstCreated = firstMissing(directory);
            if (directoryExisted) {
                // before any blob is fetched: what is there must be a layout we may extend
                checkExistingLayout(image);
            }
            Files.createDirectories(directory);
            try {
                place(image.manifestDigest(), store.pathOf(image.manifestDigest()));
            } catch (IOException | RuntimeException e) {
                close(); // no session is returned, so nobody else would undo what was made
                throw e;
            }
        }

        @Override
        public void accept(Descriptor blob, Path verifiedFile) throws IOException {
            place(blob.digest(), verifiedFile);
        }

        private void place(Digest digest, Path verifiedFile) throws IOException {
            Path target = blobPath(digest);
            switch (BlobLinker.place(digest, verifiedFile, target)) {
                case CREATED -> created.add(target);
                case REPLACED -> replaced++;
                case KEPT -> {
                }
            }
        }

        @Override
        public SinkResult commit() throws IOException, RegistryException {
            // checked again: the commit is what must never replace a file that is not a layout's
            checkExistingLayout(image);
            Path layout = directory.resolve(LAYOUT_FILE);
            if (OutputFiles.attributes(layout) == null) {
                OutputFiles.writeAtomically(layout, LAYOUT_CONTENT.getBytes(StandardCharsets.US_ASCII));
                created.add(layout);
            }
            // index.json last: until it names the image, the directory holds no image a tool would use
            OutputFiles.writeAtomically(directory.resolve(INDEX_FILE), json.writePretty(updatedIndex()));
            committed = true;
            List<String> facts = replaced == 0 ? List.of() : List.of(replaced + " file(s) already in " + directory
                    + "/blobs did not hash to their names and were replaced by the verified blobs");
            return new SinkResult(directory.toString(), null, facts, "oci:" + directory + ":" + refName());
        }

        private String refName() {
            return refName != null ? refName : LocalTag.of(image.reference());
        }

        private ObjectNode updatedIndex() throws IOException, RegistryException {
            ObjectNode index = existingIndex();
            if (index == null) {
                index = json.object();
                index.put("schemaVersion", 2);
                index.put("mediaType", MediaType.OCI_INDEX);
                index.putArray("manifests");
            }
            String name = refName();
            ArrayNode manifests = (ArrayNode) index.get("manifests");
            ArrayNode kept = json.array();
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
                // and the parents made for it, as long as they are empty
                for (Path dir = directory.getParent(); firstCreated != null && dir != null
                        && dir.startsWith(firstCreated); dir = dir.getParent()) {
                    try {
                        Files.deleteIfExists(dir);
                    } catch (IOException notEmpty) {
                        break;
                    }
                }
            }
        }
    }

    private static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir; p != null && !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    private Path blobPath(Digest digest) {
        return directory.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    /**
     * Refuses, with what to do, an output directory whose {@code oci-layout} or {@code index.json} is not an OCI
     * layout's (replacing an unrelated file silently would destroy it), or whose {@code blobs} directories lead
     * outside it through a symbolic link (the pull would write there).
     */
    private void checkExistingLayout(ResolvedImage image) throws IOException, RegistryException {
        BasicFileAttributes layout = OutputFiles.attributes(directory.resolve(LAYOUT_FILE));
        if (layout != null) {
            byte[] content = layout.isRegularFile() ? OutputFiles.readCapped(directory.resolve(LAYOUT_FILE), 4096) : null;
            JsonNode version = content == null ? null : readJson(content);
            if (version == null || !version.isObject() || !"1.0.0".equals(version.path("imageLayoutVersion").asText(null))) {
                throw refused(LAYOUT_FILE, (layout.isSymbolicLink() ? "is a symbolic link" : layout.isRegularFile()
                        ? "is not an OCI layout version file ({\"imageLayoutVersion\":\"1.0.0\"})" : "is not a file"));
            }
        }
        existingIndex();
        Path realDirectory = directory.toRealPath();
        Path blobs = directory.resolve("blobs");
        List<Path> blobDirs = new ArrayList<>(List.of(blobs));
        for (Descriptor d : image.manifest().blobs()) {
            blobDirs.add(blobs.resolve(d.digest().algorithm()));
        }
        blobDirs.add(blobs.resolve(image.manifestDigest().algorithm()));
        for (Path dir : blobDirs) {
            if (Files.exists(dir) && !dir.toRealPath().startsWith(realDirectory)) {
                throw refused(directory.relativize(dir).toString(), "leads outside the directory, to "
                        + dir.toRealPath() + " (a symbolic link)");
            }
        }
    }

    /** The existing {@code index.json} if it is an OCI index; null if there is none; else a refusal. */
    private ObjectNode existingIndex() throws IOException, RegistryException {
        Path indexFile = directory.resolve(INDEX_FILE);
        BasicFileAttributes attributes = OutputFiles.attributes(indexFile);
        if (attributes == null) {
            return null;
        }
        if (attributes.isSymbolicLink()) {
            throw refused(INDEX_FILE, "is a symbolic link");
        }
        if (!attributes.isRegularFile()) {
            throw refused(INDEX_FILE, "is not a file");
        }
        byte[] content = OutputFiles.readCapped(indexFile, MAX_INDEX_BYTES);
        if (content == null) {
            throw refused(INDEX_FILE, "is larger than " + MAX_INDEX_BYTES / (1024 * 1024) + " MiB");
        }
        JsonNode existing = readJson(content);
        if (existing instanceof ObjectNode o && o.path("schemaVersion").asInt(-1) == 2
                && o.path("manifests").isArray()
                && (!o.has("mediaType") || MediaType.OCI_INDEX.equals(o.path("mediaType").asText(null)))) {
            return o;
        }
        throw refused(INDEX_FILE, "is not an OCI image index (schemaVersion 2 with a manifests list)");
    }

    private JsonNode readJson(byte[] content) {
        try {
            return json.read(content);
        } catch (IOException notJson) {
            return null;
        }
    }

    private InvalidInputException refused(String name, String problem) {
        return new InvalidInputException("output", directory.resolve(name) + " " + problem + "; refusing to write"
                + " an OCI layout over it. Choose an empty or new directory, or remove the file if it is yours.");
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
