package io.jenkins.registrypull.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.EdDSAParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Signs images the way cosign does, with keys generated here, so tests can put real-format cosign
 * signatures into a {@link RegistryServer} without the cosign binary (not in Debian) or a network.
 *
 * <p>Two storage formats, byte-compatible with what cosign writes:
 * <ul>
 *   <li>{@link #signatureImage}: the tag-based scheme of cosign up to v2 ({@code cosign sign --key}):
 *       an OCI image under the tag {@code sha256-<hex>.sig} whose config is a minimal
 *       {@code application/vnd.oci.image.config.v1+json} and whose layers are simple-signing
 *       payloads ({@code application/vnd.dev.cosign.simplesigning.v1+json}) with the base64 signature
 *       in the layer annotation {@code dev.cosignproject.cosign/signature} (cosign
 *       {@code specs/SIGNATURE_SPEC.md}, {@code pkg/oci/static}, {@code pkg/oci/empty}).</li>
 *   <li>{@link #bundleReferrer}: cosign v3's default ({@code --new-bundle-format}): a Sigstore bundle
 *       v0.3 holding a DSSE envelope around an in-toto statement with predicate type
 *       {@code https://sigstore.dev/cosign/sign/v1}, stored as an OCI 1.1 artifact manifest whose
 *       {@code subject} is the signed image (cosign {@code specs/BUNDLE_SPEC.md}, {@code
 *       pkg/oci/remote/write.go} WriteReferrer). Registry 2.8 has no referrers API, so
 *       {@link Referrers#push} also writes the referrers tag schema's index under {@code sha256-<hex>},
 *       as go-containerregistry does for cosign on such registries.</li>
 * </ul>
 *
 * <p>Signature schemes follow cosign's signers ({@link Defaults}): ECDSA with ASN.1 DER signatures,
 * RSA PKCS#1 v1.5 with SHA-256, Ed25519 (pure or prehashed).
 */
public final class CosignSigner {

    public static final String SIMPLE_SIGNING_MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    public static final String BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
    public static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
    public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
    public static final String COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";
    public static final String COSIGN_TYPE = "cosign container image signature";

    /** The key types cosign can sign with. */
    public enum KeyType { ECDSA_P256, ECDSA_P384, RSA_2048, RSA_3072, ED25519 }

    /**
     * Which cosign's signing defaults to imitate. {@code LEGACY}: cosign up to 2.4 loaded every key
     * with SHA-256 ({@code LoadSignerVerifier(pk, crypto.SHA256)}) and signed Ed25519 purely.
     * {@code CURRENT}: cosign 2.5+ and 3 use sigstore's defaults per key
     * ({@code LoadDefaultSignerVerifier} with {@code WithED25519ph()}): SHA-384 for P-384 and
     * Ed25519ph for Ed25519.
     */
    public enum Defaults { LEGACY, CURRENT }

    private final JsonBytes json = new JsonBytes();
    private final KeyType type;
    private final Defaults defaults;
    private final KeyPair keys;

    private CosignSigner(KeyType type, Defaults defaults, KeyPair keys) {
        this.type = type;
        this.defaults = defaults;
        this.keys = keys;
    }

    /** A new key of {@code type}, signing with current cosign's defaults. */
    public static CosignSigner generate(KeyType type) {
        return generate(type, Defaults.CURRENT);
    }

    public static CosignSigner generate(KeyType type, Defaults defaults) {
        try {
            KeyPairGenerator generator;
            switch (type) {
                case ECDSA_P256, ECDSA_P384 -> {
                    generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec(type == KeyType.ECDSA_P256 ? "secp256r1" : "secp384r1"));
                }
                case RSA_2048, RSA_3072 -> {
                    generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(type == KeyType.RSA_2048 ? 2048 : 3072);
                }
                default -> generator = KeyPairGenerator.getInstance("Ed25519");
            }
            return new CosignSigner(type, defaults, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + type + " key", e);
        }
    }

    /** The same key, signing with other cosign defaults (key generation is slow for RSA). */
    public CosignSigner withDefaults(Defaults other) {
        return new CosignSigner(type, other, keys);
    }

    public KeyType keyType() {
        return type;
    }

    public PublicKey publicKey() {
        return keys.getPublic();
    }

    /** The public key as {@code cosign public-key} prints it: PEM {@code PUBLIC KEY} (X.509 SPKI). */
    public String publicKeyPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    /** The hint cosign writes into a key-based bundle: base64 SHA-256 of the DER public key. */
    public String bundleKeyHint() {
        return Base64.getEncoder().encodeToString(Digests.newSha256().digest(keys.getPublic().getEncoded()));
    }

    /** Signs {@code message} as cosign's signer for this key type and {@link Defaults} does. */
    public byte[] sign(byte[] message) {
        try {
            Signature signature;
            switch (type) {
                case ECDSA_P256 -> signature = Signature.getInstance("SHA256withECDSA");
                case ECDSA_P384 -> signature = Signature.getInstance(defaults == Defaults.CURRENT
                        ? "SHA384withECDSA" : "SHA256withECDSA");
                case RSA_2048, RSA_3072 -> signature = Signature.getInstance("SHA256withRSA");
                default -> signature = Signature.getInstance("Ed25519");
            }
            signature.initSign(keys.getPrivate());
            if (type == KeyType.ED25519 && defaults == Defaults.CURRENT) {
                signature.setParameter(new EdDSAParameterSpec(true)); // Ed25519ph
            }
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with a " + type + " key", e);
        }
    }

    /**
     * The simple-signing payload cosign signs for {@code digest}, byte for byte as cosign's Go
     * {@code payload.Cosign} marshals it (keys in struct order, {@code "optional":null}).
     *
     * @param dockerReference the repository as cosign records it, e.g. {@code 127.0.0.1:5000/team/app}
     */
    public static byte[] simpleSigningPayload(String digest, String dockerReference) {
        return ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + dockerReference + "\"},"
                + "\"image\":{\"docker-manifest-digest\":\"" + digest + "\"},"
                + "\"type\":\"" + COSIGN_TYPE + "\"},\"optional\":null}").getBytes(StandardCharsets.UTF_8);
    }

    /** A payload and the base64 signature that goes into its layer's annotation. */
    public record SignedPayload(byte[] payload, String signature) {

        /** The same payload with one bit of the signature flipped: what tampering with the signature looks like. */
        public SignedPayload withTamperedSignature() {
            byte[] raw = Base64.getDecoder().decode(signature);
            raw[raw.length / 2] ^= 0x01;
            return new SignedPayload(payload, Base64.getEncoder().encodeToString(raw));
        }

        /** The same signature over other payload bytes: what tampering with the payload looks like. */
        public SignedPayload withPayload(byte[] other) {
            return new SignedPayload(other, signature);
        }
    }

    /** Signs cosign's simple-signing payload for {@code digest}. */
    public SignedPayload signSimpleSigning(String digest, String dockerReference) {
        return signPayload(simpleSigningPayload(digest, dockerReference));
    }

    /** Signs arbitrary payload bytes (for payloads a test shapes itself). */
    public SignedPayload signPayload(byte[] payload) {
        return new SignedPayload(payload, Base64.getEncoder().encodeToString(sign(payload)));
    }

    /**
     * A cosign signature image: what {@code cosign sign} pushes under {@link #signatureTag} of the
     * signed digest. Each payload becomes one layer, as when several keys sign one image.
     */
    public static SignatureImage signatureImage(String signedDigest, List<SignedPayload> payloads) {
        JsonBytes json = new JsonBytes();
        List<Blob> layers = new ArrayList<>();
        ArrayNode diffIds = json.object().arrayNode();
        for (SignedPayload p : payloads) {
            Blob blob = Blob.of(p.payload());
            layers.add(blob);
            diffIds.add(blob.digest());
        }
        // go-containerregistry's empty image config with the layers' diff ids, as cosign pushes it
        ObjectNode config = json.object();
        config.put("architecture", "");
        config.put("created", "0001-01-01T00:00:00Z");
        config.putArray("history").addObject().put("created", "0001-01-01T00:00:00Z");
        config.put("os", "");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.set("diff_ids", diffIds);
        config.putObject("config");
        Blob configBlob = Blob.of(json.compact(config));

        ObjectNode manifest = json.object();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.set("config", json.descriptor(MediaTypes.OCI_CONFIG, configBlob));
        ArrayNode layerArray = manifest.putArray("layers");
        for (int i = 0; i < payloads.size(); i++) {
            ObjectNode layer = json.descriptor(SIMPLE_SIGNING_MEDIA_TYPE, layers.get(i));
            layer.putObject("annotations").put(SIGNATURE_ANNOTATION, payloads.get(i).signature());
            layerArray.add(layer);
        }
        return new SignatureImage(signatureTag(signedDigest), configBlob, layers, json.compact(manifest));
    }

    /** {@code sha256-<hex>.sig}: where cosign stores the signatures of {@code digest}. */
    public static String signatureTag(String digest) {
        return digest.replace(':', '-') + ".sig";
    }

    /** {@code sha256-<hex>}: the referrers tag schema's tag for {@code digest}. */
    public static String referrersTag(String digest) {
        return digest.replace(':', '-');
    }

    /**
     * A signature image ready to push.
     *
     * @param tag the {@code .sig} tag it goes under
     */
    public record SignatureImage(String tag, Blob config, List<Blob> payloads, byte[] manifest) {

        /** Pushes config, payloads and the manifest under {@link #tag}; returns the manifest digest. */
        public String pushTo(RegistryPusher pusher, String repository) {
            pusher.pushBlob(repository, config);
            payloads.forEach(p -> pusher.pushBlob(repository, p));
            return pusher.pushManifest(repository, tag, MediaTypes.OCI_MANIFEST, manifest);
        }
    }

    /**
     * The in-toto statement cosign v3 signs for an image (cosign {@code cmd/cosign/cli/sign/sign.go}
     * signDigestBundle), as protobuf JSON writes it.
     */
    public static byte[] cosignStatement(String digest) {
        String[] parts = digest.split(":", 2);
        return ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"" + parts[0] + "\":\""
                + parts[1] + "\"},\"annotations\":{}}],\"predicateType\":\"" + COSIGN_SIGN_PREDICATE
                + "\",\"predicate\":{}}").getBytes(StandardCharsets.UTF_8);
    }

    /** DSSE pre-authentication encoding: what a DSSE signature covers. */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] head = ("DSSEv1 " + payloadType.getBytes(StandardCharsets.UTF_8).length + " " + payloadType + " "
                + payload.length + " ").getBytes(StandardCharsets.UTF_8);
        byte[] pae = new byte[head.length + payload.length];
        System.arraycopy(head, 0, pae, 0, head.length);
        System.arraycopy(payload, 0, pae, head.length, payload.length);
        return pae;
    }

    /** A key-based Sigstore bundle v0.3 with a DSSE envelope signed by this key over {@code statement}. */
    public byte[] dsseBundle(byte[] statement) {
        return dsseBundle(statement, sign(pae(IN_TOTO_PAYLOAD_TYPE, statement)));
    }

    /** A bundle with the given DSSE signature (tests tamper with it). */
    public byte[] dsseBundle(byte[] statement, byte[] signature) {
        ObjectNode bundle = json.object();
        bundle.put("mediaType", BUNDLE_MEDIA_TYPE);
        bundle.putObject("verificationMaterial").putObject("publicKey").put("hint", bundleKeyHint());
        ObjectNode envelope = bundle.putObject("dsseEnvelope");
        envelope.put("payload", Base64.getEncoder().encodeToString(statement));
        envelope.put("payloadType", IN_TOTO_PAYLOAD_TYPE);
        envelope.putArray("signatures").addObject().put("sig", Base64.getEncoder().encodeToString(signature));
        return json.compact(bundle);
    }

    /**
     * The OCI 1.1 artifact manifest cosign attaches a bundle with (BUNDLE_SPEC "Publishing"):
     * artifactType and the layer's media type are the bundle's, the config is the empty
     * descriptor, the subject is the signed image.
     *
     * @param subjectMediaType media type of the signed manifest or index
     */
    public static Referrer bundleReferrer(byte[] bundle, String subjectMediaType, String subjectDigest,
                                          long subjectSize, String predicateType) {
        JsonBytes json = new JsonBytes();
        Blob empty = Blob.of("{}".getBytes(StandardCharsets.UTF_8));
        Blob bundleBlob = Blob.of(bundle);
        ObjectNode manifest = json.object();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.put("artifactType", BUNDLE_MEDIA_TYPE);
        manifest.set("config", json.descriptor(EMPTY_MEDIA_TYPE, empty));
        ObjectNode layer = json.descriptor(BUNDLE_MEDIA_TYPE, bundleBlob);
        layer.putObject("annotations").put("org.opencontainers.image.title",
                bundleBlob.digest().replace(':', '-') + ".sigstore.json");
        manifest.putArray("layers").add(layer);
        ObjectNode annotations = manifest.putObject("annotations");
        annotations.put("dev.sigstore.bundle.content", "dsse-envelope");
        annotations.put("dev.sigstore.bundle.predicateType", predicateType);
        annotations.put("org.opencontainers.image.created", "2025-01-01T00:00:00Z");
        ObjectNode subject = manifest.putObject("subject");
        subject.put("mediaType", subjectMediaType);
        subject.put("size", subjectSize);
        subject.put("digest", subjectDigest);
        return new Referrer(subjectDigest, List.of(empty, bundleBlob), json.compact(manifest), BUNDLE_MEDIA_TYPE,
                Map.of("dev.sigstore.bundle.content", "dsse-envelope",
                        "dev.sigstore.bundle.predicateType", predicateType));
    }

    /**
     * A simple-signing signature image attached as a referrer, as cosign v2 writes it with
     * {@code --registry-referrers-mode=oci-1-1} (cosign {@code pkg/oci/remote/write.go}
     * WriteSignaturesExperimentalOCI): the {@code .sig} image with its config media type and
     * artifactType set to {@code application/vnd.dev.cosign.artifact.sig.v1+json} and a subject.
     */
    public static Referrer signatureReferrer(String subjectMediaType, String subjectDigest, long subjectSize,
                                             List<SignedPayload> payloads) {
        String artifactType = "application/vnd.dev.cosign.artifact.sig.v1+json";
        SignatureImage image = signatureImage(subjectDigest, payloads);
        JsonBytes json = new JsonBytes();
        ObjectNode manifest = json.object();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.set("config", json.descriptor(artifactType, image.config()));
        ArrayNode layers = manifest.putArray("layers");
        for (int i = 0; i < payloads.size(); i++) {
            ObjectNode layer = json.descriptor(SIMPLE_SIGNING_MEDIA_TYPE, image.payloads().get(i));
            layer.putObject("annotations").put(SIGNATURE_ANNOTATION, payloads.get(i).signature());
            layers.add(layer);
        }
        ObjectNode subject = manifest.putObject("subject");
        subject.put("mediaType", subjectMediaType);
        subject.put("size", subjectSize);
        subject.put("digest", subjectDigest);
        manifest.put("artifactType", artifactType);
        List<Blob> blobs = new ArrayList<>();
        blobs.add(image.config());
        blobs.addAll(image.payloads());
        return new Referrer(subjectDigest, blobs, json.compact(manifest), artifactType, Map.of());
    }

    /** The bundle referrer for cosign's own sign statement. */
    public Referrer signedBundleReferrer(String subjectMediaType, String subjectDigest, long subjectSize) {
        return bundleReferrer(dsseBundle(cosignStatement(subjectDigest)), subjectMediaType, subjectDigest,
                subjectSize, COSIGN_SIGN_PREDICATE);
    }

    /**
     * One referrer of an image, ready to push.
     *
     * @param subjectDigest the image it refers to
     * @param blobs         its config and layers
     * @param manifest      its manifest bytes (pushed by digest)
     * @param artifactType  what the referrers index lists it as
     * @param annotations   what the referrers index entry carries
     */
    public record Referrer(String subjectDigest, List<Blob> blobs, byte[] manifest, String artifactType,
                           Map<String, String> annotations) {

        public String digest() {
            return Digests.sha256(manifest);
        }
    }

    /** Pushing referrers to a registry without the referrers API: manifests by digest plus the tag schema index. */
    public static final class Referrers {

        private Referrers() {
        }

        /**
         * Pushes each referrer's blobs and manifest, then the referrers tag schema index of
         * {@code subjectDigest} listing them all (replacing any index there).
         *
         * @return the digest of the index pushed under {@code sha256-<hex>}
         */
        public static String push(RegistryPusher pusher, String repository, String subjectDigest,
                                  List<Referrer> referrers) {
            JsonBytes json = new JsonBytes();
            ObjectNode index = json.object();
            index.put("schemaVersion", 2);
            index.put("mediaType", MediaTypes.OCI_INDEX);
            ArrayNode manifests = index.putArray("manifests");
            for (Referrer referrer : referrers) {
                referrer.blobs().forEach(b -> pusher.pushBlob(repository, b));
                pusher.pushManifest(repository, referrer.digest(), MediaTypes.OCI_MANIFEST, referrer.manifest());
                ObjectNode entry = manifests.addObject();
                entry.put("mediaType", MediaTypes.OCI_MANIFEST);
                entry.put("size", referrer.manifest().length);
                entry.put("digest", referrer.digest());
                ObjectNode annotations = entry.putObject("annotations");
                referrer.annotations().forEach(annotations::put);
                entry.put("artifactType", referrer.artifactType());
            }
            return pusher.pushManifest(repository, referrersTag(subjectDigest), MediaTypes.OCI_INDEX,
                    json.compact(index));
        }
    }
}
