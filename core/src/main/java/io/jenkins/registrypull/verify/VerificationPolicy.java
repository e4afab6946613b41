package io.jenkins.registrypull.verify;

import io.jenkins.registrypull.verify.VerificationKey;

/**
 * What a pull must prove beyond "these bytes hash to the digest the registry chose". Built by
 * {@link PullOptions.Builder} from {@code verifyKeyPem}, {@code requireSignature} and
 * {@code requireDigest}; checked there, before any network call.
 *
 * <ul>
 *   <li>{@code key} set: cosign signatures of the image (its index digest and its manifest digest)
 *       are looked up and checked with this key before anything is downloaded or written. If
 *       signatures exist but none verifies, the pull fails, required or not: a signature that does
 *       not check out is a sign of tampering, not a missing feature. If none exists, the pull fails
 *       only when {@code requireSignature} is set, else it goes on and says so in the result.</li>
 *   <li>{@code requireSignature}: a verified signature is mandatory; needs a key.</li>
 *   <li>{@code requireDigest}: the reference must pin a digest ({@code @sha256:...}) or an expected
 *       digest must be given, so a moved tag cannot change what is pulled.</li>
 * </ul>
 *
 * @param key              the public key signatures must verify with, or null to check none
 * @param requireSignature fail when no signature verifies
 * @param requireDigest    fail (before any network call) unless the pull is pinned to a digest
 */
public record VerificationPolicy(VerificationKey key, boolean requireSignature, boolean requireDigest) {

    /** Verify digests only, as every pull does. */
    public static final VerificationPolicy NONE = new VerificationPolicy(null, false, false);

    public VerificationPolicy {
        if (requireSignature && key == null) {
            throw new IllegalArgumentException("requireSignature needs a key");
        }
    }

    public boolean checksSignatures() {
        return key != null;
    }
}
