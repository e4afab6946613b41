package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.http.RateLimit;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.verify.SignatureCheck;
import io.jenkins.registrypull.mirror.ServedFrom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.registrypull.json.JsonTrees;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result as the JSON object the CLI prints: stable field names and order for scripts. A tree written by
 * {@link JsonTrees}, so that a one-shot pull builds no ObjectMapper at all.
 */
final class ResultJson {

    private ResultJson() {
    }

    static ObjectNode of(PullResult r, JsonTrees json) {
        ObjectNode m = json.object();
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
        strings(m.putArray("verification"), r.verification());
        if (r.signature() == null) {
            m.putNull("signature");
        } else {
            signature(m.putObject("signature"), r.signature());
        }
        if (r.servedFrom() != null) {
            servedFrom(m.putObject("servedFrom"), r.servedFrom());
        }
        if (r.rateLimit() != null) {
            rateLimit(m.putObject("rateLimit"), r.rateLimit());
        }
        return m;
    }

    /** The registry's pull rate limit (Docker Hub's ratelimit-* headers): present only when it reported one. */
    private static void rateLimit(ObjectNode m, RateLimit limit) {
        m.put("limit", limit.limit());
        m.put("remaining", limit.remaining());
        m.put("windowSeconds", limit.window() == null ? null : limit.window().toSeconds());
        m.put("source", limit.source());
    }

    /** Which endpoint served the manifest and each blob ("store": already verified here), and the sources passed over. */
    private static void servedFrom(ObjectNode m, ServedFrom s) {
        m.put("manifest", s.manifest());
        m.put("manifestFromMirror", s.manifestFromMirror());
        ObjectNode blobs = m.putObject("blobs");
        for (Map.Entry<String, String> blob : new TreeMap<>(s.blobs()).entrySet()) {
            blobs.put(blob.getKey(), blob.getValue());
        }
        strings(m.putArray("skipped"), s.skipped());
    }

    private static void signature(ObjectNode m, SignatureCheck s) {
        m.put("keyFingerprint", s.keyFingerprint());
        m.put("keyAlgorithm", s.keyAlgorithm());
        m.put("scheme", s.scheme());
        m.put("signedDigest", s.signedDigest());
        m.put("format", s.format());
        m.put("source", s.source());
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
