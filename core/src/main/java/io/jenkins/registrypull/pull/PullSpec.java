package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.manifest.Platform;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.reference.ImageReference;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * What the user asked to pull, parsed and checked once: the part of a pull that a front end (the Jenkins step, the
 * freestyle wrapper, the command line) collects and that can travel as it is, for example to a Jenkins agent. What
 * exists only where the pull runs (the credential, the blob store, the sink, the listener) is added by
 * {@link PullOptions.Builder#spec(PullSpec)}.
 *
 * <p>Every rule about these values lives here: each failure is an {@link InvalidInputException} naming the field
 * and what is accepted, before any network call.
 *
 * @param reference      the image; its digest, if any, pins the pull
 * @param platform       the platform to choose from a multi-platform image; null means the platform of the machine
 *                       that pulls
 * @param expectedDigest if set, the manifest or index digest must equal it
 * @param insecure       the user explicitly allowed this registry over plain HTTP
 * @param requireDigest  the pull must be pinned: by the reference's digest or by {@code expectedDigest}
 * @param timeout        deadline for the whole pull
 */
public record PullSpec(ImageReference reference, Platform platform, Digest expectedDigest, boolean insecure,
                       boolean requireDigest, Duration timeout) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** A week: longer is a mistake (and 2^63-1 seconds would overflow every deadline computed from it). */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(7);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    /** Null checks only: {@link Builder#build()} checks the rules and names the field. */
    public PullSpec {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(timeout, "timeout");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the pull is pinned to a digest, by the reference or by {@link #expectedDigest()}. */
    public boolean pinned() {
        return reference.digest() != null || expectedDigest != null;
    }

    /** The digest the pulled image must have: the expected digest, else the reference's, else null. */
    public Digest pin() {
        return expectedDigest != null ? expectedDigest : reference.digest();
    }

    /** The deadline's rule, for front ends that read a timeout before they build a spec. */
    public static Duration checkTimeout(Duration timeout) throws InvalidInputException {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new InvalidInputException("timeout", "must be a positive duration");
        }
        if (timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new InvalidInputException("timeout", "must be at most " + MAX_TIMEOUT.toSeconds()
                    + " seconds (7 days), was " + timeout.getSeconds() + " seconds");
        }
        return timeout;
    }

    @Override
    public String toString() {
        return "PullSpec[" + reference + (platform == null ? "" : ", " + platform)
                + (expectedDigest == null ? "" : ", expecting " + expectedDigest) + (insecure ? ", insecure" : "")
                + (requireDigest ? ", digest required" : "") + ", timeout " + timeout + "]";
    }

    /** Collects and checks a spec; each setter that parses text names its field in errors. */
    public static final class Builder {
        private ImageReference reference;
        private Platform platform;
        private Digest expectedDigest;
        private boolean insecure;
        private boolean requireDigest;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder() {
        }

        public Builder image(String image) throws InvalidInputException {
            if (image == null || image.isBlank()) {
                this.reference = null;
                return this;
            }
            this.reference = ImageReference.parse(image.trim(), "image");
            return this;
        }

        public Builder reference(ImageReference reference) {
            this.reference = reference;
            return this;
        }

        /** {@code os/arch[/variant]}; null or blank means the platform of the machine that pulls. */
        public Builder platform(String platform) throws InvalidInputException {
            this.platform = platform == null || platform.isBlank() ? null : Platform.parse(platform.trim(), "platform");
            return this;
        }

        public Builder platform(Platform platform) {
            this.platform = platform;
            return this;
        }

        /** The digest the manifest (or index) must have; null or blank for none. */
        public Builder expectedDigest(String digest) throws InvalidInputException {
            this.expectedDigest = digest == null || digest.isBlank() ? null : Digest.parse(digest.trim(), "digest");
            return this;
        }

        public Builder expectedDigest(Digest digest) {
            this.expectedDigest = digest;
            return this;
        }

        /** Starts from everything {@code spec} says; {@link #build()} checks it again. */
        public Builder from(PullSpec spec) {
            this.reference = spec.reference();
            this.platform = spec.platform();
            this.expectedDigest = spec.expectedDigest();
            this.insecure = spec.insecure();
            this.requireDigest = spec.requireDigest();
            this.timeout = spec.timeout();
            return this;
        }

        public Builder insecure(boolean insecure) {
            this.insecure = insecure;
            return this;
        }

        /** Fail, before any network call, unless the reference has {@code @sha256:...} or an expected digest is set. */
        public Builder requireDigest(boolean required) {
            this.requireDigest = required;
            return this;
        }

        /** Deadline for the whole pull: positive, at most {@link #MAX_TIMEOUT} (default {@link #DEFAULT_TIMEOUT}). */
        public Builder timeout(Duration timeout) throws InvalidInputException {
            this.timeout = checkTimeout(timeout);
            return this;
        }

        public PullSpec build() throws InvalidInputException {
            if (reference == null) {
                throw new InvalidInputException("image", "an image reference is required, e.g."
                        + " registry.example.com/team/app:1.2");
            }
            checkTimeout(timeout);
            if (expectedDigest != null && reference.digest() != null && !expectedDigest.equals(reference.digest())) {
                // two different pins are a mistake, caught before any request
                throw new InvalidInputException("digest", "the reference pins " + reference.digest()
                        + " but the expected digest is " + expectedDigest + "; give one digest, or the same in both");
            }
            if (requireDigest && reference.digest() == null && expectedDigest == null) {
                throw new InvalidInputException("digest", "the policy requires a pinned digest, but " + reference
                        + " has none: reference the image as " + reference.name() + "@sha256:<digest>, or give the"
                        + " expected digest. Every pull reports the digest to pin (the \"digest\" of its result).");
            }
            return new PullSpec(reference, platform, expectedDigest, insecure, requireDigest, timeout);
        }
    }
}
