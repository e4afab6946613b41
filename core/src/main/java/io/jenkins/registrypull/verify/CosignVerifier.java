package io.jenkins.registrypull.verify;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.SignatureVerificationException;
import io.jenkins.registrypull.error.SignatureVerificationException.Reason;
import io.jenkins.registrypull.manifest.ManifestParser;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.registry.RegistryClient;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the cosign signatures of a resolved image with the policy's key, after its manifests
 * are verified and before any layer is fetched or anything is written: the pull's one call into
 * verification ({@code Puller}).
 *
 * <p><b>Which digest is signed.</b> Users sign what they reference: for a multi-platform image
 * that is the index (cosign signs the digest a tag resolves to, and only with {@code --recursive}
 * each platform manifest too). A signature on the index covers the chosen platform's manifest,
 * because the index lists that manifest by digest and the index's own digest was verified over
 * its bytes. So a signature counts when its payload names the pulled manifest's digest or the
 * digest of the index the pull resolved through; signatures are looked up for the index first
 * (the common case, one lookup), then for the manifest. Any other digest in a payload is a
 * signature of another image and fails the check.
 *
 * <p><b>What counts.</b> One signature that verifies with the key and names one of those digests
 * is enough, as for cosign ({@code cosign verify} succeeds if any signature verifies). Found
 * signatures that all fail make the pull fail even when signatures are not required (see
 * {@link VerificationPolicy}); none found fails only when they are required.
 *
 * <p>Out of scope: keyless (Fulcio certificates), transparency-log (Rekor) and timestamp
 * checks, signatures stored in another repository ({@code COSIGN_REPOSITORY}). This is
 * {@code cosign verify --key cosign.pub --insecure-ignore-tlog=true}.
 */
public final class CosignVerifier {

    private final RegistryClient client;
    private final ManifestParser parser;
    private final JsonTrees json;

    /**
     * What the check found.
     *
     * @param signature the verified signature, or null when none exists and none is required
     * @param fact      one line for the pull result's verification facts
     */
    public record Result(SignatureCheck signature, String fact) {
    }

    public CosignVerifier(RegistryClient client, JsonTrees json) {
        this.client = client;
        this.json = json;
        this.parser = new ManifestParser(json);
    }

    /**
     * Finds and checks the image's signatures.
     *
     * @throws SignatureVerificationException when found signatures all fail, or none exists and one is required
     * @throws RegistryException              when the registry cannot be asked (then nothing was verified either)
     */
    public Result verify(ResolvedImage image, VerificationPolicy policy) throws RegistryException {
        VerificationKey key = policy.key();
        Set<Digest> accepted = new LinkedHashSet<>();
        accepted.add(image.manifestDigest());
        if (image.indexDigest() != null) {
            accepted.add(image.indexDigest());
        }
        List<Digest> lookups = new ArrayList<>();
        if (image.indexDigest() != null) {
            lookups.add(image.indexDigest());
        }
        lookups.add(image.manifestDigest());

        CosignSignatureFinder finder = new CosignSignatureFinder(client, parser, json,
                image.reference().repository(), key, accepted);
        for (Digest digest : lookups) {
            CosignSignatureFinder.Found found = finder.searchSignatureTag(digest);
            if (found == null) {
                found = finder.searchReferrers(digest);
            }
            if (found != null) {
                SignatureChecks.Verified verified = (SignatureChecks.Verified) found.outcome();
                SignatureCheck check = new SignatureCheck(key.fingerprint(), key.description(), verified.scheme(),
                        verified.signedDigest(), verified.format(), found.where());
                return new Result(check, check.describe());
            }
        }
        String image1 = image.reference().toString();
        Digest sign = image.indexDigest() != null ? image.indexDigest() : image.manifestDigest();
        String signCommand = "cosign sign --key cosign.key " + image.reference().name() + "@" + sign;
        if (!finder.rejected.isEmpty()) {
            throw failure(image1, key, finder.rejected, signCommand);
        }
        String looked = String.join(", ", finder.lookedAt);
        if (policy.requireSignature()) {
            throw new SignatureVerificationException(Reason.MISSING, "No cosign signature found for " + image1
                    + " (" + describeDigests(image) + "); looked at " + looked + ". Nothing was downloaded or written."
                    + " Sign the image (" + signCommand + ") or stop requiring a signature.");
        }
        return new Result(null, "no cosign signature found for " + describeDigests(image) + " (looked at " + looked
                + "); signatures are not required, so the image is pulled unsigned");
    }

    private static String describeDigests(ResolvedImage image) {
        return image.indexDigest() != null
                ? "index " + image.indexDigest() + ", manifest " + image.manifestDigest()
                : "manifest " + image.manifestDigest();
    }

    private static SignatureVerificationException failure(String image, VerificationKey key,
                                                          List<CosignSignatureFinder.Found> rejected,
                                                          String signCommand) {
        List<CosignSignatureFinder.Found> sorted = new ArrayList<>(rejected);
        sorted.sort(Comparator.comparing(f -> ((SignatureChecks.Rejected) f.outcome()).reason()));
        Reason reason = ((SignatureChecks.Rejected) sorted.get(0).outcome()).reason();
        StringBuilder message = new StringBuilder();
        if (sorted.size() == 1) {
            message.append("The cosign signature of ").append(image).append(" at ").append(sorted.get(0).where())
                    .append(' ').append(((SignatureChecks.Rejected) sorted.get(0).outcome()).detail()).append('.');
        } else {
            message.append("None of the ").append(sorted.size()).append(" cosign signatures of ").append(image)
                    .append(" is valid with key ").append(key.label()).append(':');
            int shown = 0;
            for (CosignSignatureFinder.Found found : sorted) {
                if (++shown > 5) {
                    message.append(" (and ").append(sorted.size() - 5).append(" more)");
                    break;
                }
                message.append(shown > 1 ? ";" : "").append(" the one at ").append(found.where()).append(' ')
                        .append(((SignatureChecks.Rejected) found.outcome()).detail());
            }
            message.append('.');
        }
        message.append(" Nothing was downloaded or written. ").append(switch (reason) {
            case DIGEST_MISMATCH -> "If this image is the one to trust, sign it as it is in the registry ("
                    + signCommand + ").";
            case WRONG_KEY, BAD_SIGNATURE -> "Check that the verification key is the public key of the key that"
                    + " signed the image; if it is, the signature or the image was replaced: do not use this image.";
            default -> "Sign the image again with cosign.";
        });
        return new SignatureVerificationException(reason, message.toString());
    }
}
