package io.jenkins.registrypull.auth;

import io.jenkins.registrypull.credential.SecretValue;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An {@code application/x-www-form-urlencoded} body that may hold a secret (the OAuth2 password or
 * refresh token grant), encoded into one byte array this class owns and zeroes on {@link #close()}.
 * OkHttp's {@code FormBody} keeps the encoded form as Strings nobody can wipe. What the socket
 * writer copied into Okio's segment pool is scrubbed by {@link io.jenkins.registrypull.http.SegmentScrubber}
 * after the request.
 */
final class SecretFormBody extends RequestBody implements AutoCloseable {

    private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private final byte[] encoded;

    private SecretFormBody(byte[] encoded) {
        this.encoded = encoded;
    }

    static Builder builder() {
        return new Builder();
    }

    @Override
    public MediaType contentType() {
        return FORM;
    }

    @Override
    public long contentLength() {
        return encoded.length;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        sink.write(encoded);
    }

    @Override
    public void close() {
        Arrays.fill(encoded, (byte) 0);
    }

    static final class Builder {
        private final List<byte[]> names = new ArrayList<>();
        private final List<byte[]> values = new ArrayList<>();

        Builder add(String name, String value) {
            names.add(name.getBytes(StandardCharsets.UTF_8));
            values.add(value.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Builder addSecret(String name, SecretValue value) {
            names.add(name.getBytes(StandardCharsets.UTF_8));
            values.add(value.utf8());
            return this;
        }

        SecretFormBody build() {
            int length = 0;
            for (int i = 0; i < names.size(); i++) {
                length += (i > 0 ? 1 : 0) + encodedLength(names.get(i)) + 1 + encodedLength(values.get(i));
            }
            byte[] out = new byte[length];
            int at = 0;
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out[at++] = '&';
                }
                at = encode(names.get(i), out, at);
                out[at++] = '=';
                at = encode(values.get(i), out, at);
            }
            values.forEach(v -> Arrays.fill(v, (byte) 0));
            return new SecretFormBody(out);
        }

        private static boolean plain(byte b) {
            return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                    || b == '-' || b == '.' || b == '_' || b == '*';
        }

        private static int encodedLength(byte[] raw) {
            int n = 0;
            for (byte b : raw) {
                n += plain(b) || b == ' ' ? 1 : 3;
            }
            return n;
        }

        private static int encode(byte[] raw, byte[] out, int at) {
            for (byte b : raw) {
                if (plain(b)) {
                    out[at++] = b;
                } else if (b == ' ') {
                    out[at++] = '+';
                } else {
                    out[at++] = '%';
                    out[at++] = HEX[(b >> 4) & 0xf];
                    out[at++] = HEX[b & 0xf];
                }
            }
            return at;
        }
    }
}
