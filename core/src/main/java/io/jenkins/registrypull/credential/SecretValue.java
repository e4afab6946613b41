package io.jenkins.registrypull.credential;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one type that holds a secret: a password, an identity (refresh) token or a bearer token.
 *
 * <p>The characters live in a private array that {@link #close()} overwrites. The type has no
 * getters, so Jackson cannot serialise it, it is not {@link java.io.Serializable}, and
 * {@link #toString()} never shows the value. Code that needs the characters borrows a copy with
 * {@link #chars()} or {@link #utf8()} and wipes that copy itself.
 */
@JsonSerialize(using = SecretValue.Refused.class)
public final class SecretValue implements AutoCloseable {

    private final char[] value;
    private volatile boolean wiped;

    private SecretValue(char[] value) {
        this.value = value;
    }

    /** Copies {@code chars}; the caller remains responsible for wiping its own array. */
    public static SecretValue copyOf(char[] chars) {
        return new SecretValue(chars.clone());
    }

    /**
     * Decodes UTF-8 bytes (for example a secret read from stdin) without going through a
     * {@link String}, which could not be wiped.
     */
    public static SecretValue fromUtf8(byte[] bytes, int offset, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer decoded;
        try {
            decoded = decoder.decode(ByteBuffer.wrap(bytes, offset, length));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the secret is not valid UTF-8 text");
        }
        char[] chars = new char[decoded.remaining()];
        decoded.get(chars);
        if (decoded.hasArray()) {
            Arrays.fill(decoded.array(), '\0');
        }
        return new SecretValue(chars);
    }

    /**
     * For values that already exist as a {@link String} outside our control (a Jenkins
     * {@code Secret}'s plain text, a JSON token response). The string itself cannot be wiped;
     * the caller should drop its reference promptly.
     */
    public static SecretValue ofString(String value) {
        return new SecretValue(value.toCharArray());
    }

    /** A fresh copy of the characters; wipe it with {@code Arrays.fill(copy, '\0')} after use. */
    public char[] chars() {
        ensureNotWiped();
        return value.clone();
    }

    /** A fresh UTF-8 copy of the value; wipe it with {@code Arrays.fill(copy, (byte) 0)} after use. */
    public byte[] utf8() {
        ensureNotWiped();
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(value));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    /**
     * The value as a {@link String}, for the few places whose API only takes strings (an HTTP
     * header value, a form field). Use the result at once and do not keep it.
     */
    public String reveal() {
        ensureNotWiped();
        return new String(value);
    }

    public boolean isEmpty() {
        ensureNotWiped();
        return value.length == 0;
    }

    /** Whether the value is exactly {@code other}; constant time in the length of this value. */
    public boolean matches(char[] other) {
        ensureNotWiped();
        int diff = value.length ^ other.length;
        for (int i = 0; i < value.length; i++) {
            diff |= value[i] ^ (i < other.length ? other[i] : 0);
        }
        return diff == 0;
    }

    public boolean isWiped() {
        return wiped;
    }

    /** Overwrites the value. Idempotent. */
    @Override
    public void close() {
        Arrays.fill(value, '\0');
        wiped = true;
    }

    private void ensureNotWiped() {
        if (wiped) {
            throw new IllegalStateException("the secret was already wiped after use");
        }
    }

    @Override
    public String toString() {
        return "****";
    }

    /** Makes any attempt to write a secret as JSON fail loudly instead of emitting something. */
    static final class Refused extends JsonSerializer<SecretValue> {
        @Override
        public void serialize(SecretValue value, JsonGenerator gen, SerializerProvider serializers)
                throws JsonMappingException {
            throw JsonMappingException.from(gen, "secrets are never serialised");
        }
    }
}
