package io.jenkins.registrypull.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.error.NotFoundException;
import io.jenkins.registrypull.error.RegistryErrorException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.SignatureVerificationException.Reason;
import io.jenkins.registrypull.error.UnsupportedManifestException;
import io.jenkins.registrypull.error.VerificationException;
import io.jenkins.registrypull.http.ConnectionErrors;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.ImageManifest;
import io.jenkins.registrypull.manifest.ManifestParser;
import io.jenkins.registrypull.manifest.ParsedManifest;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.registry.FetchedManifest;
import io.jenkins.registrypull.registry.OpenBlob;
import io.jenkins.registrypull.registry.RegistryClient;
import okio.Buffer;
import okio.BufferedSource;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the cosign signatures of one digest in a repository, in both places cosign stores them,
 * and hands each to {@link SignatureChecks} as soon as it is read, so the search stops at the
 * first signature that verifies:
 *
 * <ol>
 *   <li>the tag {@code sha256-<hex>.sig} (cosign SIGNATURE_SPEC "Tag-based Discovery"; cosign
 *       {@code pkg/oci/remote/remote.go} SignatureTag): an OCI (or, with COSIGN_DOCKER_MEDIA_TYPES,
 *       Docker schema 2) image whose layers are simple-signing payloads, each with its signature in
 *       the {@code dev.cosignproject.cosign/signature} annotation (cosign {@code pkg/oci/static});</li>
 *   <li>the referrers of the digest (OCI distribution-spec "Listing Referrers",
 *       {@code GET /v2/<name>/referrers/<digest>}), or, when the registry lacks that API (404), the
 *       referrers tag schema: an OCI index under the tag {@code sha256-<hex>} (cosign BUNDLE_SPEC
 *       "Retrieval"). Referrers with artifactType {@code application/vnd.dev.sigstore.bundle.v0.3+json}
 *       hold a Sigstore bundle (what {@code cosign sign} writes with {@code --new-bundle-format}, the
 *       v3 default, cosign {@code pkg/oci/remote/write.go} WriteAttestationNewBundleFormat); those
 *       with {@code application/vnd.dev.cosign.artifact.sig.v1+json} are simple-signing images (cosign
 *       v2 {@code --registry-referrers-mode=oci-1-1}, WriteSignaturesExperimentalOCI).</li>
 * </ol>
 *
 * <p>Signature artifacts are read into memory, each capped at {@link #MAX_ARTIFACT_BYTES} and
 * checked against its descriptor's digest and size; nothing is written to the blob store. The
 * number of artifacts examined is capped too ({@link #MAX_ARTIFACTS}): a hostile registry cannot
 * make a pull read without end.
 */
final class CosignSignatureFinder {

    /** A payload is ~250 bytes, a bundle with a Rekor entry a few KiB; 1 MiB is far above both. */
    static final int MAX_ARTIFACT_BYTES = 1024 * 1024;
    /**
     * Signatures or referrers examined per place; real images have a handful. With the size caps
     * this bounds what a hostile registry can make a pull read.
     */
    static final int MAX_ARTIFACTS = 32;
    static final String LEGACY_SIG_ARTIFACT_TYPE = "application/vnd.dev.cosign.artifact.sig.v1+json";
    static final String BUNDLE_PREDICATE_ANNOTATION = "dev.sigstore.bundle.predicateType";

    private final RegistryClient client;
    private final ManifestParser parser;
    private final JsonTrees json;
    private final String repository;
    private final VerificationKey key;
    private final Set<Digest> accepted;
    /** Where the search looked, for the message when nothing is found. */
    final List<String> lookedAt = new ArrayList<>();
    /** Every signature that was found and failed, with where it was. */
    final List<Found> rejected = new ArrayList<>();

    /** A checked artifact and where it came from. */
    record Found(String where, SignatureChecks.Outcome outcome) {
    }

    CosignSignatureFinder(RegistryClient client, ManifestParser parser, JsonTrees json, String repository,
                          VerificationKey key, Set<Digest> accepted) {
        this.client = client;
        this.parser = parser;
        this.json = json;
        this.repository = repository;
        this.key = key;
        this.accepted = accepted;
    }

    /** The tag cosign stores the signatures of {@code digest} under: {@code sha256-<hex>.sig}. */
    static String signatureTag(Digest digest) {
        return digest.algorithm() + "-" + digest.hex() + ".sig";
    }

    /** The referrers tag schema's tag for {@code digest}: algorithm and hex cut to 32 and 64 characters. */
    static String referrersTag(Digest digest) {
        String algorithm = digest.algorithm().length() > 32 ? digest.algorithm().substring(0, 32) : digest.algorithm();
        String hex = digest.hex().length() > 64 ? digest.hex().substring(0, 64) : digest.hex();
        return algorithm + "-" + hex;
    }

    /** Looks at the {@code .sig} tag of {@code digest}; returns the first verified signature, or null. */
    Found searchSignatureTag(Digest digest) throws RegistryException {
        String tag = signatureTag(digest);
        if (tag.length() > 128) {
            return null; // not a valid tag (a sha512 digest): cosign cannot store signatures there either
        }
        lookedAt.add("tag " + tag);
        FetchedManifest fetched = fetchIfPresent(tag, repository + ":" + tag);
        if (fetched == null) {
            return null;
        }
        return checkSimpleSigningImage(fetched, "tag " + tag);
    }

    /** Looks at the referrers of {@code digest}; returns the first verified signature, or null. */
    Found searchReferrers(Digest digest) throws RegistryException {
        byte[] index = client.fetchReferrers(repository, digest, repository + "@" + digest);
        if (index == null) {
            String tag = referrersTag(digest);
            lookedAt.add("the referrers of " + digest + " (tag " + tag + "; the registry has no referrers API)");
            FetchedManifest fetched = fetchIfPresent(tag, repository + ":" + tag);
            if (fetched == null) {
                return null;
            }
            index = fetched.bytes();
        } else {
            lookedAt.add("the referrers of " + digest + " (referrers API)");
        }
        JsonNode entries;
        try {
            entries = json.read(index).get("manifests");
        } catch (IOException e) {
            rejected.add(new Found("the referrers list of " + digest,
                    new SignatureChecks.Rejected(Reason.MALFORMED, "is not valid JSON")));
            return null;
        }
        if (entries == null || !entries.isArray()) {
            return null;
        }
        int examined = 0;
        for (JsonNode entry : entries) {
            String artifactType = entry.path("artifactType").asText(null);
            boolean bundle = SigstoreBundle.isBundleMediaType(artifactType);
            if (!bundle && !LEGACY_SIG_ARTIFACT_TYPE.equals(artifactType)) {
                continue; // SBOMs, attestations of other tools, ...: not signatures
            }
            String predicate = entry.path("annotations").path(BUNDLE_PREDICATE_ANNOTATION).asText(null);
            if (bundle && predicate != null && !InTotoStatement.COSIGN_SIGN_PREDICATE.equals(predicate)) {
                continue; // an attestation bundle (provenance, SBOM...), announced as such
            }
            Digest referrer;
            try {
                referrer = Digest.parseTrusted(entry.path("digest").asText(""));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (++examined > MAX_ARTIFACTS) {
                break;
            }
            Found found = checkReferrer(digest, referrer, bundle);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private Found checkReferrer(Digest subject, Digest referrer, boolean bundle) throws RegistryException {
        String where = "referrer " + referrer + " of " + subject;
        FetchedManifest fetched = client.fetchManifest(repository, referrer.toString(), referrer,
                repository + "@" + referrer);
        ImageManifest manifest = parseImageManifest(fetched, where);
        if (manifest == null) {
            return null;
        }
        if (manifest.subject() != null && !manifest.subject().digest().equals(subject)) {
            return null; // listed under this digest but about another one: the tag schema index is not signed
        }
        if (!bundle) {
            return checkSimpleSigningImage(manifest, where);
        }
        int examined = 0;
        for (Descriptor layer : manifest.layers()) {
            if (!SigstoreBundle.isBundleMediaType(layer.mediaType()) || ++examined > MAX_ARTIFACTS) {
                continue;
            }
            byte[] bytes = readArtifact(layer, where);
            Found found = record(where, SignatureChecks.bundle(key, bytes, accepted));
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private Found checkSimpleSigningImage(FetchedManifest fetched, String where) throws RegistryException {
        ImageManifest manifest = parseImageManifest(fetched, where);
        return manifest == null ? null : checkSimpleSigningImage(manifest, where);
    }

    private Found checkSimpleSigningImage(ImageManifest manifest, String where) throws RegistryException {
        List<Descriptor> layers = manifest.layers();
        int examined = 0;
        for (int i = 0; i < layers.size(); i++) {
            Descriptor layer = layers.get(i);
            if (!SimpleSigningPayload.MEDIA_TYPE.equals(layer.mediaType())) {
                continue;
            }
            if (++examined > MAX_ARTIFACTS) {
                break;
            }
            String place = layers.size() > 1 ? where + " (layer " + (i + 1) + ")" : where;
            Map<String, String> annotations = layer.annotations();
            SignatureChecks.Outcome outcome;
            if (!annotations.containsKey(SignatureChecks.SIGNATURE_ANNOTATION)) {
                outcome = new SignatureChecks.Rejected(Reason.MALFORMED, "has no "
                        + SignatureChecks.SIGNATURE_ANNOTATION + " annotation");
            } else {
                outcome = SignatureChecks.simpleSigning(key, layer.mediaType(), readArtifact(layer, place), annotations,
                        accepted);
            }
            Found found = record(place, outcome);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Keeps a rejection for the final message; returns the artifact if it verified. */
    private Found record(String where, SignatureChecks.Outcome outcome) {
        if (outcome instanceof SignatureChecks.Verified) {
            return new Found(where, outcome);
        }
        if (outcome != null) {
            rejected.add(new Found(where, outcome));
        }
        return null;
    }

    private ImageManifest parseImageManifest(FetchedManifest fetched, String where) {
        try {
            ParsedManifest parsed = parser.parse(fetched.bytes(), fetched.contentType(), repository + " " + where);
            if (parsed instanceof ImageManifest manifest) {
                return manifest;
            }
        } catch (UnsupportedManifestException e) {
            // reported below
        }
        rejected.add(new Found(where, new SignatureChecks.Rejected(Reason.MALFORMED,
                "is not an image manifest, so it holds no cosign signature")));
        return null;
    }

    private FetchedManifest fetchIfPresent(String tag, String what) throws RegistryException {
        try {
            return client.fetchManifest(repository, tag, null, what);
        } catch (NotFoundException absent) {
            return null;
        }
    }

    /** Reads a small blob into memory, checking its size and digest; never touches the blob store. */
    private byte[] readArtifact(Descriptor descriptor, String where) throws RegistryException {
        if (descriptor.size() > MAX_ARTIFACT_BYTES) {
            throw new VerificationException("The signature artifact at " + where + " declares " + descriptor.size()
                    + " bytes, more than the " + MAX_ARTIFACT_BYTES + " a signature can need; refusing it."
                    + " Nothing was pulled.");
        }
        String action = "fetching the signature artifact " + descriptor.digest() + " of " + repository;
        OpenBlob blob = client.openBlob(repository, descriptor.digest(), 0);
        try (blob) {
            if (blob.response().code() != 200) {
                throw new RegistryErrorException("HTTP " + blob.response().code() + " while " + action
                        + ": not the whole blob. Retry the pull; if it keeps failing, check the registry.",
                        blob.response().code(), List.of());
            }
            BufferedSource source = blob.response().body().source();
            Buffer buffer = new Buffer();
            while (buffer.size() <= descriptor.size() && source.read(buffer, 8192) != -1) {
                // read at most one byte more than declared: enough to detect an oversized answer
            }
            byte[] bytes = buffer.readByteArray();
            MessageDigest md = descriptor.digest().newMessageDigest();
            Digest actual = Digest.fromBytes(descriptor.digest().algorithm(), md.digest(bytes));
            if (bytes.length != descriptor.size() || !actual.equals(descriptor.digest())) {
                throw new VerificationException("The signature artifact at " + where + " arrived with "
                        + bytes.length + " bytes and digest " + actual + ", not the " + descriptor.size()
                        + " bytes of " + descriptor.digest() + " its manifest declares. Nothing was pulled.");
            }
            return bytes;
        } catch (IOException e) {
            throw ConnectionErrors.describe(e, blob.response().request().url().host(), action);
        }
    }
}
