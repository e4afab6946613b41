package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.http.HttpProtocol;
import io.jenkins.registrypull.verify.VerificationPolicy;

import io.jenkins.registrypull.http.TrustedCertificates;
import io.jenkins.registrypull.manifest.Platform;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.reference.ImageReference;
import io.jenkins.registrypull.sink.Sink;
import io.jenkins.registrypull.verify.VerificationKey;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one pull needs, validated when built: bad input fails here, naming the field,
 * before any network call.
 *
 * @param platform       the platform to choose from a multi-platform image; null means this JVM's platform
 * @param expectedDigest if set, the manifest or index digest must equal it
 * @param caCertificatePem extra CA certificates (PEM) to trust for this registry, or null
 * @param insecure       the user explicitly allowed this registry over plain HTTP
 * @param storeDir       the blob store shared by pulls on this machine
 * @param concurrency    blobs downloaded at once
 * @param timeout        deadline for the whole pull: waits between retries never go past it
 * @param verification   signature and pinning policy ({@link VerificationPolicy#NONE}: digests only)
 * @param protocol       HTTP/1.1 (one connection per parallel download) or HTTP/2 (one connection)
 * @param readTimeout    longest silence on a connection before the download is resumed on a new one
 * @param maxAttempts    attempts per request (and per blob) on connection errors, 5xx and 429
 */
public record PullOptions(ImageReference reference, Credential credential, Platform platform, Digest expectedDigest,
                          String caCertificatePem, boolean insecure, Path storeDir, Sink sink, int concurrency,
                          Duration timeout, VerificationPolicy verification, HttpProtocol protocol,
                          Duration readTimeout, int maxAttempts) {

    /**
     * Three blobs at once. Measured on a 2-core machine that also runs the registry (docs/performance.md):
     * one HTTP/1.1 stream is bound by one core doing TLS decryption, SHA-256 and the file write; two to
     * three streams use both cores; more only add contention. Images rarely have more than a few large
     * layers, and the small ones finish quickly beside them.
     */
    public static final int DEFAULT_CONCURRENCY = 3;
    public static final Duration DEFAULT_TIMEOUT = PullSpec.DEFAULT_TIMEOUT;
    /** HTTP/1.1: measured faster than one HTTP/2 connection for parallel blobs (docs/performance.md). */
    public static final HttpProtocol DEFAULT_PROTOCOL = HttpProtocol.HTTP_1_1;
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** See {@link PullSpec#MAX_TIMEOUT}. */
    public static final Duration MAX_TIMEOUT = PullSpec.MAX_TIMEOUT;
    /** A day of silence on one connection; OkHttp itself takes at most 2^31-1 ms. */
    public static final Duration MAX_READ_TIMEOUT = Duration.ofDays(1);

    public PullOptions {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(storeDir, "storeDir");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(verification, "verification");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The default blob store: {@code $XDG_CACHE_HOME/registry-pull} or {@code ~/.cache/registry-pull}. */
    public static Path defaultStoreDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("registry-pull");
    }

    @Override
    public String toString() {
        return "PullOptions[" + reference + ", " + credential.describe() + ", "
                + (platform == null ? "this machine's platform" : platform) + ", " + sink.describe() + "]";
    }

    /**
     * Collects and checks options; each setter that parses text names its field in errors. What the user asked
     * ({@link PullSpec}) is checked by {@link PullSpec.Builder}, which the setters for those values fill.
     */
    public static final class Builder {
        private final PullSpec.Builder spec = PullSpec.builder();
        private Credential credential = Credential.anonymous();
        private String caCertificatePem;
        private Path storeDir;
        private Sink sink;
        private int concurrency = DEFAULT_CONCURRENCY;
        private VerificationKey verifyKey;
        private boolean requireSignature;
        private HttpProtocol protocol = DEFAULT_PROTOCOL;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

        public Builder image(String image) throws InvalidInputException {
            spec.image(image);
            return this;
        }

        public Builder reference(ImageReference reference) {
            spec.reference(reference);
            return this;
        }

        /** Takes over everything the spec says (image, platform, pins, insecure, timeout). */
        public Builder spec(PullSpec pull) {
            spec.from(pull);
            return this;
        }

        public Builder credential(Credential credential) {
            this.credential = Objects.requireNonNull(credential, "credential");
            return this;
        }

        /** {@code os/arch[/variant]}; null or blank means this JVM's platform. */
        public Builder platform(String platform) throws InvalidInputException {
            spec.platform(platform);
            return this;
        }

        public Builder platform(Platform platform) {
            spec.platform(platform);
            return this;
        }

        /** The digest the manifest (or index) must have; null or blank for none. */
        public Builder expectedDigest(String digest) throws InvalidInputException {
            spec.expectedDigest(digest);
            return this;
        }

        public Builder caCertificatePem(String pem) throws InvalidInputException {
            if (pem != null && !pem.isBlank()) {
                TrustedCertificates.parsePem(pem, "caCertificate");
                this.caCertificatePem = pem;
            } else {
                this.caCertificatePem = null;
            }
            return this;
        }

        public Builder insecure(boolean insecure) {
            spec.insecure(insecure);
            return this;
        }

        public Builder storeDir(Path storeDir) {
            this.storeDir = storeDir;
            return this;
        }

        public Builder sink(Sink sink) {
            this.sink = sink;
            return this;
        }

        public Builder concurrency(int concurrency) throws InvalidInputException {
            if (concurrency < 1 || concurrency > 16) {
                throw new InvalidInputException("concurrency", "must be between 1 and 16, was " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /** Deadline for the whole pull; see {@link PullSpec.Builder#timeout}. */
        public Builder timeout(Duration timeout) throws InvalidInputException {
            spec.timeout(timeout);
            return this;
        }

        public Builder protocol(HttpProtocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /** Longest silence on a connection before it is dropped and the download resumed (default 60 s). */
        public Builder readTimeout(Duration readTimeout) throws InvalidInputException {
            if (readTimeout == null || readTimeout.isNegative() || readTimeout.isZero()) {
                throw new InvalidInputException("readTimeout", "must be a positive duration");
            }
            if (readTimeout.compareTo(MAX_READ_TIMEOUT) > 0) {
                throw new InvalidInputException("readTimeout", "must be at most " + MAX_READ_TIMEOUT.toSeconds()
                        + " seconds (1 day), was " + readTimeout.getSeconds() + " seconds");
            }
            this.readTimeout = readTimeout;
            return this;
        }

        /** Attempts per request on connection errors, 5xx and 429 (default 5; 1 means no retry). */
        public Builder maxAttempts(int maxAttempts) throws InvalidInputException {
            if (maxAttempts < 1 || maxAttempts > 20) {
                throw new InvalidInputException("maxAttempts", "must be between 1 and 20, was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * The public key (PEM, e.g. cosign.pub) cosign signatures must verify with; null or blank for no
         * signature check. Parsed here: a bad key fails before any network call, naming {@code verifyKey}.
         * See {@link VerificationPolicy} for what a key changes.
         */
        public Builder verifyKeyPem(String pem) throws InvalidInputException {
            this.verifyKey = pem == null || pem.isBlank() ? null : VerificationKey.parsePem(pem, "verifyKey");
            return this;
        }

        public Builder verifyKey(VerificationKey key) {
            this.verifyKey = key;
            return this;
        }

        /** Fail unless a cosign signature verifies with the key (needs {@link #verifyKeyPem}). */
        public Builder requireSignature(boolean required) {
            this.requireSignature = required;
            return this;
        }

        /** Fail, before any network call, unless the reference has {@code @sha256:...} or an expected digest is set. */
        public Builder requireDigest(boolean required) {
            spec.requireDigest(required);
            return this;
        }

        public PullOptions build() throws InvalidInputException {
            PullSpec pull = spec.build();
            if (sink == null) {
                throw new InvalidInputException("output", "say where the image goes (an OCI layout directory, a"
                        + " docker-archive file, or docker/podman)");
            }
            if (requireSignature && verifyKey == null) {
                throw new InvalidInputException("requireSignature", "a required signature needs the public key to"
                        + " check it with: give verifyKey (the PEM public key, e.g. cosign.pub)");
            }
            return new PullOptions(pull.reference(), credential, pull.platform(), pull.expectedDigest(),
                    caCertificatePem, pull.insecure(), storeDir != null ? storeDir : defaultStoreDir(), sink,
                    concurrency, pull.timeout(), new VerificationPolicy(verifyKey, requireSignature, pull.requireDigest()),
                    protocol, readTimeout, maxAttempts);
        }
    }
}
