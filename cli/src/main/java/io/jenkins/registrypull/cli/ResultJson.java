package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.http.RateLimit;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.verify.SignatureCheck;
import io.jenkins.registrypull.mirror.ServedFrom;

import java.util.LinkedHashMap;
import java.util.Map;

/** The result as the JSON object the CLI prints: stable field names for scripts. */
final class ResultJson {

    private ResultJson() {
    }

    static Map<String, Object> of(PullResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", r.reference());
        m.put("digest", r.pinnableDigest().toString());
        m.put("manifestDigest", r.manifestDigest().toString());
        m.put("manifestMediaType", r.manifestMediaType());
        m.put("indexDigest", r.indexDigest() == null ? null : r.indexDigest().toString());
        m.put("platform", r.platform() == null ? null : r.platform().toString());
        m.put("configDigest", r.configDigest().toString());
        m.put("layers", r.layerCount());
        m.put("size", r.totalBytes());
        m.put("downloaded", r.bytesDownloaded());
        m.put("reused", r.bytesReused());
        m.put("durationMs", r.duration().toMillis());
        m.put("location", r.location());
        m.put("local", r.localReference());
        m.put("imageId", r.imageId());
        m.put("verification", r.verification());
        m.put("signature", r.signature() == null ? null : signature(r.signature()));
        if (r.servedFrom() != null) {
            m.put("servedFrom", servedFrom(r.servedFrom()));
        }
        if (r.rateLimit() != null) {
            m.put("rateLimit", rateLimit(r.rateLimit()));
        }
        return m;
    }

    /** The registry's pull rate limit (Docker Hub's ratelimit-* headers): present only when it reported one. */
    private static Map<String, Object> rateLimit(RateLimit limit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("limit", limit.limit());
        m.put("remaining", limit.remaining());
        m.put("windowSeconds", limit.window() == null ? null : limit.window().toSeconds());
        m.put("source", limit.source());
        return m;
    }

    /** Which endpoint served the manifest and each blob ("store": already verified here), and the sources passed over. */
    private static Map<String, Object> servedFrom(ServedFrom s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("manifest", s.manifest());
        m.put("manifestFromMirror", s.manifestFromMirror());
        m.put("blobs", new java.util.TreeMap<>(s.blobs()));
        m.put("skipped", s.skipped());
        return m;
    }

    private static Map<String, Object> signature(SignatureCheck s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keyFingerprint", s.keyFingerprint());
        m.put("keyAlgorithm", s.keyAlgorithm());
        m.put("scheme", s.scheme());
        m.put("signedDigest", s.signedDigest());
        m.put("format", s.format());
        m.put("source", s.source());
        return m;
    }
}
