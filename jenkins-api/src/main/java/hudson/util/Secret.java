// Stand-in for hudson.util.Secret from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package hudson.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Glorified {@link String} that uses encryption in the persisted form, to avoid accidental exposure of a secret.
 * Stand-in: the encrypted form is Jenkins' own {@code PAYLOAD_V1} layout (AES/CBC, version byte, IV and data lengths),
 * under a random key made once per JVM (Jenkins keeps its key in {@code JENKINS_HOME/secrets}). So, as in Jenkins,
 * {@link #fromString} decrypts only what this instance encrypted; any other string, {@code {base64}} or not, is
 * the plain text itself. Historical (pre-1.480, no braces) cipher texts cannot exist here, so they decrypt to null.
 */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final byte PAYLOAD_V1 = 1;

    /** Plays {@code CryptoConfidentialKey(Secret.class.getName())}: an AES-128 key. */
    private static final SecretKey KEY = newKey();

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

    /** Encrypts {@link #value} and returns it in an encoded printable form. */
    public String getEncryptedValue() {
        try {
            byte[] iv = new byte[16];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, KEY, new IvParameterSpec(iv));
            byte[] encrypted = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            ByteBuffer payload = ByteBuffer.allocate(1 + 8 + iv.length + encrypted.length);
            payload.put(PAYLOAD_V1).putInt(iv.length).putInt(encrypted.length).put(iv).put(encrypted);
            return "{" + Base64.getEncoder().encodeToString(payload.array()) + "}";
        } catch (GeneralSecurityException e) {
            throw new Error(e); // impossible
        }
    }

    /** Reverse operation of {@link #getEncryptedValue()}. Returns null if the given cipher text was invalid. */
    @CheckForNull
    public static Secret decrypt(@CheckForNull String data) {
        if (!isValidData(data)) {
            return null;
        }
        if (data.startsWith("{") && data.endsWith("}")) {
            byte[] payload;
            try {
                payload = Base64.getDecoder().decode(data.substring(1, data.length() - 1));
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (payload[0] != PAYLOAD_V1) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(payload, 1, payload.length - 1);
            int ivLength = in.getInt();
            int dataLength = in.getInt();
            if (payload.length != 1 + 8 + ivLength + dataLength) {
                return null; // not valid v1
            }
            byte[] iv = Arrays.copyOfRange(payload, 9, 9 + ivLength);
            byte[] code = Arrays.copyOfRange(payload, 9 + ivLength, payload.length);
            try {
                Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
                cipher.init(Cipher.DECRYPT_MODE, KEY, new IvParameterSpec(iv));
                return new Secret(new String(cipher.doFinal(code), StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                return null; // v1, but not ours
            }
        }
        return null; // Jenkins tries its historical (AES/ECB + magic) format here; none can exist in the stand-in
    }

    private static boolean isValidData(String data) {
        if (data == null || "{}".equals(data) || "".equals(data.trim())) {
            return false;
        }
        if (data.startsWith("{") && data.endsWith("}")) {
            return !"".equals(data.substring(1, data.length() - 1).trim());
        }
        return true;
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

    private static final SecureRandom RANDOM = new SecureRandom();

    private static SecretKey newKey() {
        byte[] k = new byte[16];
        new SecureRandom().nextBytes(k);
        return new SecretKeySpec(k, "AES");
    }
}
