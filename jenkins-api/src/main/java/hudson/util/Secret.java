// Stand-in for hudson.util.Secret from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package hudson.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Glorified {@link String} that uses encryption in the persisted form, to avoid accidental exposure of a secret.
 * Stand-in: {@link #getEncryptedValue()} is a reversible {@code {base64}} wrapping, NOT encryption (Jenkins encrypts
 * with its ConfidentialStore); the in-memory and serialized forms hold the plain text, as Jenkins' own do.
 */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    @NonNull
    private final String value;

    private Secret(@NonNull String value) {
        this.value = value;
    }

    /** Obtains the secret in a plain text. */
    @Override
    @Deprecated
    public String toString() {
        return value;
    }

    /** Obtains the plain text password. Before using this method, ask yourself if you'd be better off using {@link Secret#toString(Secret)}. */
    @NonNull
    public String getPlainText() {
        return value;
    }

    @Override
    public boolean equals(Object that) {
        return that instanceof Secret && value.equals(((Secret) that).value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Encrypts {@link #value} and returns it in an encoded printable form. Stand-in: see the class comment. */
    public String getEncryptedValue() {
        return "{" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "}";
    }

    /** Reverse operation of {@link #getEncryptedValue()}. Returns null if the given cipher text was invalid. */
    @CheckForNull
    public static Secret decrypt(@CheckForNull String data) {
        if (data == null || data.length() < 2 || data.charAt(0) != '{' || data.charAt(data.length() - 1) != '}') {
            return null;
        }
        try {
            return new Secret(new String(Base64.getDecoder().decode(data.substring(1, data.length() - 1)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Attempts to treat the given string first as a cipher text, and if it doesn't work, treat the given string as the unencrypted secret value. */
    @NonNull
    public static Secret fromString(@CheckForNull String data) {
        data = data == null ? "" : data;
        Secret s = decrypt(data);
        if (s == null) {
            s = new Secret(data);
        }
        return s;
    }

    /** Works just like {@link Secret#toString()} but avoids NPE when the secret is null. */
    @NonNull
    public static String toString(@CheckForNull Secret s) {
        return s == null ? "" : s.value;
    }
}
