package io.jenkins.registrypull.verify;

/** Makes untrusted text from a signature artifact safe to put in a message: printable ASCII, short. */
final class Printable {

    private static final int MAX = 80;

    private Printable() {
    }

    static String shorten(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < text.length() && s.length() < MAX; i++) {
            char c = text.charAt(i);
            s.append(c >= ' ' && c < 0x7f ? c : '?');
        }
        return text.length() > MAX ? s + "..." : s.toString();
    }
}
