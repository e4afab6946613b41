package io.jenkins.registrypull.testkit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Every form a program could plausibly write a secret in (see {@link SecretScanner} for the list); each form goes
 * to a {@link Sink} under its name.
 */
final class SecretForms {

    /** Receives one form of a secret. */
    interface Sink {
        void add(String form, byte[] bytes);
    }

    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    /** What OkHttp and most clients leave as is in a path or query component. */
    private static final String PATH_SAFE = UNRESERVED + "!$'()*,;=:@/+";

    private SecretForms() {
    }

    /** The forms of one secret, raw first. */
    static void of(String secret, Sink sink) {
        byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
        sink.add("raw", utf8);
        for (boolean urlSafe : new boolean[] {false, true}) {
            String alphabet = urlSafe ? "url-safe" : "standard";
            Base64.Encoder encoder = urlSafe ? Base64.getUrlEncoder() : Base64.getEncoder();
            sink.add("base64 (" + alphabet + ", padded)", encoder.encode(utf8));
            sink.add("base64 (" + alphabet + ", unpadded)", encoder.withoutPadding().encode(utf8));
            for (int offset = 0; offset < 3; offset++) {
                byte[] embedded = embeddedBase64(utf8, offset, encoder);
                if (embedded.length >= SecretScanner.MIN_FORM_LENGTH) {
                    sink.add("base64 (" + alphabet + ") of a longer text holding it at offset " + offset + " mod 3",
                            embedded);
                }
            }
        }
        sink.add("URL-encoded (form, +)", URLEncoder.encode(secret, StandardCharsets.UTF_8)
                .getBytes(StandardCharsets.US_ASCII));
        sink.add("URL-encoded (form, %20)", URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20")
                .getBytes(StandardCharsets.US_ASCII));
        sink.add("percent-encoded (all reserved, upper-case hex)", percentEncode(utf8, UNRESERVED, true));
        sink.add("percent-encoded (all reserved, lower-case hex)", percentEncode(utf8, UNRESERVED, false));
        sink.add("percent-encoded (minimal, as in URL paths)", percentEncode(utf8, PATH_SAFE, true));
        sink.add("JSON-escaped", jsonEscape(secret, false, false));
        sink.add("JSON-escaped (\\/)", jsonEscape(secret, true, false));
        sink.add("JSON-escaped (non-ASCII as \\u)", jsonEscape(secret, false, true));
        sink.add("JSON-escaped (non-ASCII as \\u, upper-case)", jsonEscapeUpper(secret));
        sink.add("hex", HexFormat.of().formatHex(utf8).getBytes(StandardCharsets.US_ASCII));
        sink.add("hex (upper-case)", HexFormat.of().withUpperCase().formatHex(utf8).getBytes(StandardCharsets.US_ASCII));
        sink.add("UTF-16LE", secret.getBytes(StandardCharsets.UTF_16LE));
        sink.add("UTF-16BE", secret.getBytes(StandardCharsets.UTF_16BE));
        String[] jwt = secret.split("\\.", -1);
        if (jwt.length == 3 && jwt[2].length() >= 16) {
            sink.add("JWT signature segment", jwt[2].getBytes(StandardCharsets.US_ASCII));
        }
    }

    /**
     * The forms of {@code base64(user:password)}: the value of a Basic {@code Authorization} header and of a docker
     * {@code config.json} {@code auth} field.
     */
    static void ofBasicPair(String username, String password, Sink sink) {
        byte[] pair = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
        sink.add("base64 of user:password", Base64.getEncoder().encode(pair));
        sink.add("base64 of user:password (unpadded)", Base64.getEncoder().withoutPadding().encode(pair));
        sink.add("base64 (url-safe) of user:password", Base64.getUrlEncoder().encode(pair));
    }

    /**
     * The part of base64(prefix + secret + suffix) that depends only on the secret, when the secret
     * starts at {@code offset} modulo 3 in the encoded text: the characters of whole 3-byte groups.
     */
    static byte[] embeddedBase64(byte[] secret, int offset, Base64.Encoder encoder) {
        byte[] shifted = new byte[offset + secret.length];
        System.arraycopy(secret, 0, shifted, offset, secret.length);
        byte[] encoded = encoder.withoutPadding().encode(shifted);
        int from = offset == 0 ? 0 : offset + 1; // characters that mix prefix bits with the secret's
        int to = 4 * (shifted.length / 3); // characters that would mix in the suffix's bits are dropped
        if (to <= from) {
            return new byte[0];
        }
        byte[] stable = new byte[to - from];
        System.arraycopy(encoded, from, stable, 0, stable.length);
        return stable;
    }

    private static byte[] percentEncode(byte[] utf8, String safe, boolean upper) {
        StringBuilder s = new StringBuilder();
        for (byte b : utf8) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && safe.indexOf(c) >= 0) {
                s.append(c);
            } else {
                String hex = String.format(upper ? "%%%02X" : "%%%02x", b & 0xff);
                s.append(hex);
            }
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] jsonEscape(String secret, boolean slash, boolean asciiOnly) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case '/' -> s.append(slash ? "\\/" : "/");
                default -> {
                    if (c < 0x20 || (asciiOnly && c > 0x7e)) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] jsonEscapeUpper(String secret) {
        String lower = new String(jsonEscape(secret, false, true), StandardCharsets.UTF_8);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < lower.length(); i++) {
            if (lower.startsWith("\\u", i) && i + 6 <= lower.length()) {
                s.append("\\u").append(lower.substring(i + 2, i + 6).toUpperCase(Locale.ROOT));
                i += 5;
            } else {
                s.append(lower.charAt(i));
            }
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
