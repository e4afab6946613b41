package io.jenkins.registrypull.reference;

import io.jenkins.registrypull.error.InvalidInputException;

import java.io.Serial;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm:hex}. Only algorithms this engine can verify are accepted
 * (sha256, sha512), and the hex part must have exactly the algorithm's length in lowercase, so a
 * digest can be used as a file name without any path characters reaching the disk.
 */
public record Digest(String algorithm, String hex) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public static final String SHA256 = "sha256";
    public static final String SHA512 = "sha512";

    private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*");
    private static final Pattern LOWER_HEX = Pattern.compile("[0-9a-f]+");

    public Digest {
        int expected = hexLength(algorithm);
        if (expected < 0 || hex == null || hex.length() != expected || !LOWER_HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a valid digest");
        }
    }

    /**
     * Parses {@code sha256:<64 hex>} or {@code sha512:<128 hex>}.
     *
     * @param field the option the value came from, named in the error
     */
    public static Digest parse(String value, String field) throws InvalidInputException {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(field, "a digest is required, e.g. sha256:<64 hex digits>");
        }
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new InvalidInputException(field, "'" + shorten(value)
                    + "' is not a digest; expected algorithm:hex, e.g. sha256:<64 hex digits>");
        }
        String algorithm = value.substring(0, colon);
        String hex = value.substring(colon + 1);
        if (!ALGORITHM.matcher(algorithm).matches()) {
            throw new InvalidInputException(field, "digest algorithm '" + shorten(algorithm)
                    + "' is malformed; expected sha256 or sha512");
        }
        int expected = hexLength(algorithm);
        if (expected < 0) {
            throw new InvalidInputException(field, "digest algorithm '" + algorithm
                    + "' is not supported; expected sha256 or sha512");
        }
        if (!LOWER_HEX.matcher(hex.toLowerCase(Locale.ROOT)).matches()) {
            throw new InvalidInputException(field, "the digest's hex part has characters other than 0-9 and a-f");
        }
        if (!LOWER_HEX.matcher(hex).matches()) {
            // OCI image-spec (descriptor.md): encoded digests are lowercase; skopeo refuses a layout naming
            // an uppercase one, and two spellings of one digest must never name two files.
            throw new InvalidInputException(field, "the digest's hex part has uppercase letters; digests are"
                    + " written in lowercase hex (0-9 a-f), e.g. " + algorithm + ":" + shorten(hex.toLowerCase(Locale.ROOT)));
        }
        if (hex.length() != expected) {
            throw new InvalidInputException(field, "a " + algorithm + " digest has " + expected
                    + " hex digits, this one has " + hex.length());
        }
        return new Digest(algorithm, hex);
    }

    /** Parses a digest that came from a registry or a manifest; failures become a plain exception. */
    public static Digest parseTrusted(String value) {
        try {
            return parse(value, "digest");
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public static Digest sha256(byte[] content) {
        return of(SHA256, content);
    }

    public static Digest of(String algorithm, byte[] content) {
        MessageDigest md = newMessageDigest(algorithm);
        return new Digest(algorithm, HexFormat.of().formatHex(md.digest(content)));
    }

    public static Digest fromBytes(String algorithm, byte[] digestBytes) {
        return new Digest(algorithm, HexFormat.of().formatHex(digestBytes));
    }

    /** A fresh {@link MessageDigest} for this digest's algorithm. */
    public MessageDigest newMessageDigest() {
        return newMessageDigest(algorithm);
    }

    /** The JCA name of this digest's algorithm ({@code SHA-256}, {@code SHA-512}). */
    public String jcaAlgorithm() {
        return jcaAlgorithm(algorithm);
    }

    private static String jcaAlgorithm(String algorithm) {
        return SHA512.equals(algorithm) ? "SHA-512" : "SHA-256";
    }

    private static MessageDigest newMessageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(jcaAlgorithm(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks " + algorithm, e);
        }
    }

    private static int hexLength(String algorithm) {
        if (SHA256.equals(algorithm)) {
            return 64;
        }
        if (SHA512.equals(algorithm)) {
            return 128;
        }
        return -1;
    }

    private static String shorten(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }

    /** The short form docker prints: the first 12 hex digits. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
