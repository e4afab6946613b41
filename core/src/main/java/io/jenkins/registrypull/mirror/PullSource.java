package io.jenkins.registrypull.mirror;

import io.jenkins.registrypull.http.RegistryEndpoint;
import io.jenkins.registrypull.reference.ImageReference;

import java.util.Objects;

/**
 * One place a pull may get an image from: a mirror, or the registry itself, with the reference rewritten for it
 * (the rule's prefix replaced by the place's location).
 *
 * @param reference the image as this place names it
 * @param endpoint  where its API is and how to reach it (plain HTTP, extra CA)
 * @param mirror    a mirror (gets its own credential or none), or the registry (gets the pull's credential)
 * @param location  the registries.conf location this place came from (the key of a mirror's credential)
 * @param namespace the registry the image belongs to, sent to a mirror as {@code ?ns=} (null for the registry)
 */
public record PullSource(ImageReference reference, RegistryEndpoint endpoint, boolean mirror, String location,
                         String namespace) {

    public PullSource {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** {@code https://host:port/repository}, for logs and results. */
    public String url() {
        return endpoint + "/" + reference.repository();
    }

    /** "mirror https://..." or "registry https://...". */
    public String describe() {
        return (mirror ? "mirror " : "registry ") + url();
    }
}
