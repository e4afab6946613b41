package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One image that a build pulled: what comes back from the agent, what {@link PulledImagesAction} shows on the build
 * page (and keeps in {@code build.xml}), and what the step returns. Plain fields and an {@link ArrayList} only, so
 * both Java serialization (agent channel) and XStream (build.xml) handle it. Nothing in it is secret.
 */
public final class PulledImage implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String image;
    private final String target;
    private final String digest;
    private final String manifestDigest;
    @CheckForNull
    private final String indexDigest;
    private final String configDigest;
    @CheckForNull
    private final String platform;
    private final long size;
    private final long downloaded;
    private final int layers;
    private final long durationMillis;
    @CheckForNull
    private final String imageId;
    @CheckForNull
    private final String path;
    private final ArrayList<String> verification;
    /** Fingerprint ({@code SHA256:<hex>}) of the public key a verified cosign signature was checked with, or null. */
    @CheckForNull
    private String signatureKey;
    /** One line on the verified signature, or null when no signature was checked or found. */
    @CheckForNull
    private String signature;
    /** The endpoint ({@code scheme://host/repository}) that served the manifest, or null (not recorded). */
    @CheckForNull
    private String manifestSource;
    private boolean manifestFromMirror;
    /** Per blob digest, the endpoint that served it, or {@code store} when it was already verified on the agent. */
    @CheckForNull
    private java.util.TreeMap<String, String> blobSources;
    /**
     * The name the target resolves on the agent with no registry ({@code reg/repo:tag} in docker or podman,
     * {@code oci:DIR:tag}, {@code docker-archive:FILE}); null in build records written before it existed.
     */
    @CheckForNull
    private String local;
    /** How the build asked for it: {@code registryPull step} or {@code Pull container images}; set on the controller. */
    @CheckForNull
    private String via;

    @SuppressWarnings("checkstyle:ParameterNumber")
    public PulledImage(@NonNull String image, @NonNull String target, @NonNull String digest, @NonNull String manifestDigest,
            @CheckForNull String indexDigest, @NonNull String configDigest, @CheckForNull String platform, long size,
            long downloaded, int layers, @NonNull Duration duration, @CheckForNull String imageId, @CheckForNull String path,
            @NonNull List<String> verification) {
        this.image = image;
        this.target = target;
        this.digest = digest;
        this.manifestDigest = manifestDigest;
        this.indexDigest = indexDigest;
        this.configDigest = configDigest;
        this.platform = platform;
        this.size = size;
        this.downloaded = downloaded;
        this.layers = layers;
        this.durationMillis = duration.toMillis();
        this.imageId = imageId;
        this.path = path;
        this.verification = new ArrayList<>(verification);
    }

    /** The canonical reference that was pulled, e.g. {@code reg.example.com/team/app:1.2}. */
    @NonNull
    public String getImage() {
        return image;
    }

    /** Where it went: {@code docker}, {@code podman}, {@code oci} or {@code docker-archive}. */
    @NonNull
    public String getTarget() {
        return target;
    }

    /** The digest to pin: the index's when the tag points at one, else the manifest's. */
    @NonNull
    public String getDigest() {
        return digest;
    }

    @NonNull
    public String getManifestDigest() {
        return manifestDigest;
    }

    @CheckForNull
    public String getIndexDigest() {
        return indexDigest;
    }

    /** Digest of the image's config blob: docker's image id. */
    @NonNull
    public String getConfigDigest() {
        return configDigest;
    }

    @CheckForNull
    public String getPlatform() {
        return platform;
    }

    /** Bytes of config and layers as stored in the registry (compressed). */
    public long getSize() {
        return size;
    }

    public long getDownloaded() {
        return downloaded;
    }

    public int getLayers() {
        return layers;
    }

    @NonNull
    public Duration getDuration() {
        return Duration.ofMillis(durationMillis);
    }

    /** The image id docker or podman reported, or null for file targets. */
    @CheckForNull
    public String getImageId() {
        return imageId;
    }

    /** The workspace-relative output of file targets, or null. */
    @CheckForNull
    public String getPath() {
        return path;
    }

    /** What was verified, one fact per entry. */
    @NonNull
    public List<String> getVerification() {
        return verification == null ? Collections.emptyList() : Collections.unmodifiableList(verification);
    }

    /**
     * What to run: the name the target itself resolves on the agent, with no registry and no login.
     * {@code reg.example.com/team/app:1.2} in docker or podman (for a pull by digest only
     * {@code reg.example.com/team/app:digest-sha256-<hex>}), {@code oci:/abs/dir:tag} for an OCI layout,
     * {@code docker-archive:/abs/file.tar} for an archive. Null only in build records written before it existed.
     */
    @CheckForNull
    public String getLocal() {
        return local;
    }

    public void setLocal(@CheckForNull String local) {
        this.local = local;
    }

    /** How the build asked for the image (the step or the freestyle wrapper), or null. */
    @CheckForNull
    public String getVia() {
        return via;
    }

    void setVia(@CheckForNull String via) {
        this.via = via;
    }

    /** The fingerprint of the key that verified the image's cosign signature, or null when none was verified. */
    @CheckForNull
    public String getSignatureKey() {
        return signatureKey;
    }

    /** One line describing the verified cosign signature, or null. */
    @CheckForNull
    public String getSignature() {
        return signature;
    }

    public void setSignature(@CheckForNull String keyFingerprint, @CheckForNull String description) {
        this.signatureKey = keyFingerprint;
        this.signature = description;
    }

    /** Records which endpoint (a mirror or the registry) served the manifest and each blob. */
    public void setServedFrom(@CheckForNull String manifestSource, boolean manifestFromMirror,
            @CheckForNull Map<String, String> blobSources) {
        this.manifestSource = manifestSource;
        this.manifestFromMirror = manifestFromMirror;
        this.blobSources = blobSources == null ? null : new java.util.TreeMap<>(blobSources);
    }

    @CheckForNull
    public String getManifestSource() {
        return manifestSource;
    }

    public boolean isManifestFromMirror() {
        return manifestFromMirror;
    }

    @NonNull
    public Map<String, String> getBlobSources() {
        return blobSources == null ? Collections.emptyMap() : Collections.unmodifiableMap(blobSources);
    }

    /** For the build page: how many blobs each endpoint served, e.g. {@code 2 from https://m/team/app, 1 from store}. */
    @NonNull
    public String getBlobSourcesText() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (String source : getBlobSources().values()) {
            counts.merge(source, 1, Integer::sum);
        }
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (s.length() > 0) {
                s.append(", ");
            }
            s.append(e.getValue()).append(" from ").append(e.getKey());
        }
        return s.toString();
    }

    /** For the build page: {@code 12.3 MB}. */
    @NonNull
    public String getSizeText() {
        return Sizes.bytes(size);
    }

    /** For the build page: the image id or the path. */
    @NonNull
    public String getLocation() {
        return imageId != null ? imageId : path != null ? path : target;
    }

    /**
     * The canonical reference pinned to the digest, e.g. {@code reg.example.com/team/app@sha256:...}: the image in
     * the registry, for tools that pull from it (a Kubernetes pod spec, {@code skopeo copy docker://...}, a deploy
     * manifest). Not for {@code docker run} after a pull into docker: a loaded image has no RepoDigests, so docker
     * would go back to the registry; run {@link #getLocal()}.
     */
    @NonNull
    public String getPinnedReference() {
        String name = image;
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        }
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            name = name.substring(0, colon);
        }
        return name + "@" + digest;
    }

    /**
     * The value the {@code registryPull} step returns: {@code digest}, {@code manifestDigest}, {@code indexDigest}
     * (when there is one), {@code configDigest}, {@code image}, {@code local} (what to run), {@code pinned} (the
     * registry reference), {@code platform}, {@code size},
     * {@code downloaded}, {@code layers}, {@code target}, {@code imageId} (docker/podman) or {@code path}
     * (oci/docker-archive), {@code signatureKey} (when a cosign signature verified), {@code verification}, {@code manifestSource} and
     * {@code manifestFromMirror} (which endpoint served the manifest). Only strings, numbers and lists: safe in CPS and the sandbox.
     */
    @NonNull
    public Map<String, Object> toStepResult() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("digest", digest);
        r.put("manifestDigest", manifestDigest);
        if (indexDigest != null) {
            r.put("indexDigest", indexDigest);
        }
        r.put("configDigest", configDigest);
        r.put("image", image);
        if (local != null) {
            r.put("local", local);
        }
        r.put("pinned", getPinnedReference());
        r.put("platform", platform);
        r.put("size", size);
        r.put("downloaded", downloaded);
        r.put("layers", layers);
        r.put("target", target);
        if (imageId != null) {
            r.put("imageId", imageId);
        }
        if (path != null) {
            r.put("path", path);
        }
        if (signatureKey != null) {
            r.put("signatureKey", signatureKey);
        }
        r.put("verification", new ArrayList<>(getVerification()));
        if (manifestSource != null) {
            r.put("manifestSource", manifestSource);
            r.put("manifestFromMirror", manifestFromMirror);
        }
        return r;
    }

    @Override
    public String toString() {
        return "PulledImage[" + image + " " + digest + " -> " + target + " " + getLocation() + "]";
    }
}
