package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.json.JsonTrees;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.ImageConfig;
import io.jenkins.registrypull.manifest.MediaType;
import io.jenkins.registrypull.manifest.Platform;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.reference.ImageReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one image as a docker-archive tar in the combined layout docker 25+ writes with
 * {@code docker save}: an OCI image layout ({@code oci-layout}, {@code index.json},
 * {@code blobs/<alg>/<hex>}) plus docker's {@code manifest.json} and {@code repositories}, all
 * pointing at the same blobs. docker 20.10 reads {@code manifest.json} (it refuses an OCI-only
 * archive); podman reads the OCI index.
 *
 * <p>Blobs are written exactly as the registry served them (layers stay gzip-compressed; docker
 * checks them against the config's diff_ids on load). Each blob is written the moment it is
 * handed over, so the archive streams while the pull still downloads; the metadata comes last,
 * in {@link #finish}. Until then the stream holds no {@code manifest.json}, {@code repositories}
 * or {@code index.json}: a stream cut off early is not an image any engine would load.
 */
final class DockerArchiveWriter {

    private static final int BUFFER = 64 * 1024;
    private static final Date EPOCH = new Date(0);

    private final TarArchiveOutputStream tar;
    private final JsonTrees json;
    private final ResolvedImage image;
    private final Set<String> directories = new HashSet<>();
    private final Set<Digest> written = new HashSet<>();
    private final Map<Digest, Path> files = new HashMap<>();
    private boolean metadataStarted;

    DockerArchiveWriter(OutputStream out, JsonTrees json, ResolvedImage image) throws IOException {
        this.tar = new TarArchiveOutputStream(out, BUFFER, StandardCharsets.UTF_8.name());
        this.tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        this.tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        this.json = json;
        this.image = image;
        bytes(blobName(image.manifestDigest()), image.manifestBytes());
        written.add(image.manifestDigest());
    }

    /** Appends a verified blob from the store; a blob already in the archive is skipped. */
    void blob(Digest digest, Path file) throws IOException {
        if (!written.add(digest)) {
            return;
        }
        files.put(digest, file);
        long size = Files.size(file);
        TarArchiveEntry entry = fileEntry(blobName(digest), size);
        tar.putArchiveEntry(entry);
        byte[] buffer = new byte[BUFFER];
        long copied = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                tar.write(buffer, 0, n);
                copied += n;
            }
        }
        if (copied != size) {
            throw new IOException("blob " + digest + " changed size while being archived");
        }
        tar.closeArchiveEntry();
    }

    /** Whether the metadata (the part that makes the archive loadable) was started. */
    boolean metadataStarted() {
        return metadataStarted;
    }

    /**
     * Writes the metadata and the end of the archive. Every blob of the manifest must have been
     * handed over by then.
     */
    void finish() throws IOException, RegistryException {
        Set<Digest> missing = new LinkedHashSet<>();
        for (Descriptor blob : image.manifest().blobs()) {
            if (!written.contains(blob.digest())) {
                missing.add(blob.digest());
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException("the archive lacks blobs " + missing + "; it was not completed");
        }
        Digest configDigest = image.manifest().config().digest();
        ImageConfig config = ImageConfig.read(files.get(configDigest), image.reference().toString());
        metadataStarted = true;
        bytes("oci-layout", json.write(json.object().put("imageLayoutVersion", "1.0.0")));
        bytes("index.json", json.write(index(config)));
        byte[] repositories = repositories(config);
        if (repositories != null) {
            bytes("repositories", repositories);
        }
        bytes("manifest.json", json.write(manifestJson()));
        tar.finish();
        tar.flush();
    }

    /**
     * The tag docker shows for the image, in its short form ({@code busybox:1}); for a digest-only reference the
     * tag derived from the digest ({@link LocalTag}), so the loaded image has a name docker resolves.
     */
    static String repoTag(ImageReference reference) {
        return LocalTag.dockerName(reference);
    }

    /** The full name with tag, as containerd and podman name images (derived for a digest-only reference). */
    static String fullTag(ImageReference reference) {
        return LocalTag.fullName(reference);
    }

    /** docker's short form of a repository name: {@code docker.io/library/x} is {@code x}, {@code docker.io/o/x} is {@code o/x}. */
    static String familiarName(ImageReference reference) {
        if (!ImageReference.DOCKER_HUB_DOMAIN.equals(reference.domain())) {
            return reference.name();
        }
        String repository = reference.repository();
        if (repository.startsWith("library/") && repository.indexOf('/', "library/".length()) < 0) {
            return repository.substring("library/".length());
        }
        return repository;
    }

    private ObjectNode index(ImageConfig config) {
        ObjectNode index = json.object();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaType.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        Descriptor manifest = image.manifestDescriptor();
        ObjectNode entry = manifests.addObject();
        entry.put("mediaType", manifest.mediaType());
        entry.put("digest", manifest.digest().toString());
        entry.put("size", manifest.size());
        ObjectNode annotations = entry.putObject("annotations");
        annotations.put(OciLayoutSink.CONTAINERD_NAME, fullTag(image.reference()));
        annotations.put(OciLayoutSink.REF_NAME, LocalTag.of(image.reference()));
        Platform platform = config.platform() != null ? config.platform() : image.platform();
        if (platform != null) {
            ObjectNode p = entry.putObject("platform");
            p.put("architecture", platform.architecture());
            p.put("os", platform.os());
            if (platform.variant() != null) {
                p.put("variant", platform.variant());
            }
        }
        return index;
    }

    private ArrayNode manifestJson() {
        ArrayNode items = json.array();
        ObjectNode item = items.addObject();
        item.put("Config", blobName(image.manifest().config().digest()));
        item.putArray("RepoTags").add(repoTag(image.reference()));
        ArrayNode layers = item.putArray("Layers");
        for (Descriptor layer : image.manifest().layers()) {
            layers.add(blobName(layer.digest()));
        }
        return items;
    }

    /** Legacy {@code repositories}: name, tag, and the hex of the top layer's diff_id (as docker 25 writes it). */
    private byte[] repositories(ImageConfig config) throws IOException {
        ImageReference reference = image.reference();
        List<Digest> diffIds = config.diffIds();
        if (diffIds.isEmpty()) {
            return null;
        }
        ObjectNode root = json.object();
        root.putObject(familiarName(reference)).put(LocalTag.of(reference), diffIds.get(diffIds.size() - 1).hex());
        return json.write(root);
    }

    private void bytes(String name, byte[] content) throws IOException {
        tar.putArchiveEntry(fileEntry(name, content.length));
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private TarArchiveEntry fileEntry(String name, long size) throws IOException {
        int slash = name.lastIndexOf('/');
        if (slash > 0) {
            directory(name.substring(0, slash + 1));
        }
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(size);
        entry.setMode(0100644);
        entry.setModTime(EPOCH);
        entry.setIds(0, 0);
        return entry;
    }

    private void directory(String name) throws IOException {
        int parent = name.lastIndexOf('/', name.length() - 2);
        if (parent > 0) {
            directory(name.substring(0, parent + 1));
        }
        if (!directories.add(name)) {
            return;
        }
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(040755);
        entry.setModTime(EPOCH);
        entry.setIds(0, 0);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static String blobName(Digest digest) {
        return "blobs/" + digest.algorithm() + "/" + digest.hex();
    }
}
