package io.jenkins.registrypull.manifest;

/** What a manifest request returned: an image manifest or an index of them. */
public sealed interface ParsedManifest permits ImageManifest, ImageIndex {

    String mediaType();
}
