package io.jenkins.registrypull.testkit;

/** One searched byte sequence and what it is: the secret's label and the form (encoding) it stands for. */
record SecretPattern(byte[] bytes, String label, String form) {

    /** Whether this pattern occurs inside {@code other}, a longer form of the same secret. */
    boolean isInside(SecretPattern other) {
        return other != this && other.label.equals(label) && other.bytes.length > bytes.length
                && contains(other.bytes, bytes);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
