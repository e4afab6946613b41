package io.jenkins.registrypull.mirror;

import java.util.Objects;

/**
 * One {@code [[registry.mirror]]}: a place that may serve a registry's images before the registry itself.
 *
 * @param location           host[:port][/path] that replaces the registry rule's prefix (no scheme)
 * @param insecure           spoken to over plain HTTP (this engine's meaning of insecure: no TLS at all)
 * @param pullFromMirror     which pulls it serves
 * @param caCertificatePem   extra CA certificates (PEM) to trust for this mirror, or null (not a registries.conf
 *                           field: set by the Jenkins global configuration). The mirror's credential, if any,
 *                           is given per pull ({@link MirrorSettings}); a mirror never gets the registry's.
 */
public record MirrorRule(String location, boolean insecure, PullFromMirror pullFromMirror, String caCertificatePem) {

    public MirrorRule {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(pullFromMirror, "pullFromMirror");
    }

    public MirrorRule(String location, boolean insecure, PullFromMirror pullFromMirror) {
        this(location, insecure, pullFromMirror, null);
    }
}
