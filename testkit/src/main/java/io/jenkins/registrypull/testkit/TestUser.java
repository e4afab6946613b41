package io.jenkins.registrypull.testkit;

import java.util.Objects;

/**
 * A user name and password the fixtures know. The password is test data, but tests scan logs,
 * process tables and exception messages for it, so {@link #toString()} never shows it.
 */
public record TestUser(String username, String password) {

    public TestUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty() || username.contains(":")) {
            throw new IllegalArgumentException("a user name must be non-empty and contain no ':'");
        }
    }

    /** A user with a random 24-character password, different on every call. */
    public static TestUser random(String username) {
        return new TestUser(username, RandomStrings.alphanumeric(24));
    }

    /**
     * A user whose random password also holds characters that every encoder changes (quote, backslash, percent,
     * ampersand, space, plus, slash, a non-ASCII letter), so a leak test can tell a raw leak from a URL-encoded,
     * form-encoded or JSON-escaped one.
     */
    public static TestUser randomWithSymbols(String username) {
        return new TestUser(username, RandomStrings.alphanumeric(12) + "\"%\\& +/\u00e9" + RandomStrings.alphanumeric(12));
    }

    @Override
    public String toString() {
        return "TestUser[" + username + ", password=****]";
    }
}
