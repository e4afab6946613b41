package io.jenkins.registrypull.testkit;

/**
 * The two families of image manifests a registry serves today, with the media types each uses
 * for its manifest, its multi-platform list, its config and its gzip layers.
 */
public enum ManifestFormat {
    /** Docker image manifest v2 schema 2 and Docker manifest list. */
    DOCKER(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_CONFIG,
            MediaTypes.DOCKER_LAYER),
    /** OCI image manifest and OCI image index. */
    OCI(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX, MediaTypes.OCI_CONFIG, MediaTypes.OCI_LAYER);

    private final String manifestMediaType;
    private final String indexMediaType;
    private final String configMediaType;
    private final String layerMediaType;

    ManifestFormat(String manifestMediaType, String indexMediaType, String configMediaType, String layerMediaType) {
        this.manifestMediaType = manifestMediaType;
        this.indexMediaType = indexMediaType;
        this.configMediaType = configMediaType;
        this.layerMediaType = layerMediaType;
    }

    public String manifestMediaType() {
        return manifestMediaType;
    }

    public String indexMediaType() {
        return indexMediaType;
    }

    public String configMediaType() {
        return configMediaType;
    }

    public String layerMediaType() {
        return layerMediaType;
    }
}
