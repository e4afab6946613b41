package io.jenkins.registrypull.registry;

import io.jenkins.registrypull.reference.Digest;

/**
 * A manifest exactly as the registry sent it, with the digest computed over those bytes.
 *
 * @param contentType the response's Content-Type (bare), or null
 */
public record FetchedManifest(byte[] bytes, String contentType, Digest digest) {
}
