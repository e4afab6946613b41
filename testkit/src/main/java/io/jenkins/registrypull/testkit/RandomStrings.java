package io.jenkins.registrypull.testkit;

import java.security.SecureRandom;

/** Unguessable strings for passwords, refresh tokens and JWT ids. */
final class RandomStrings {

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private RandomStrings() {
    }

    static String alphanumeric(int length) {
        SecureRandom random = new SecureRandom();
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
