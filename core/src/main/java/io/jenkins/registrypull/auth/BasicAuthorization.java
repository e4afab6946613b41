package io.jenkins.registrypull.auth;

import io.jenkins.registrypull.credential.Credential;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** Builds a Basic {@code Authorization} value without leaving the plain password in a String. */
final class BasicAuthorization {

    private BasicAuthorization() {
    }

    static String of(Credential.UsernamePassword credential) {
        char[] password = credential.password().chars();
        char[] joined = new char[credential.username().length() + 1 + password.length];
        credential.username().getChars(0, credential.username().length(), joined, 0);
        joined[credential.username().length()] = ':';
        System.arraycopy(password, 0, joined, credential.username().length() + 1, password.length);
        ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(joined));
        byte[] bytes = new byte[utf8.remaining()];
        utf8.get(bytes);
        try {
            return "Basic " + Base64.getEncoder().encodeToString(bytes);
        } finally {
            Arrays.fill(password, '\0');
            Arrays.fill(joined, '\0');
            Arrays.fill(bytes, (byte) 0);
            if (utf8.hasArray()) {
                Arrays.fill(utf8.array(), (byte) 0);
            }
        }
    }
}
