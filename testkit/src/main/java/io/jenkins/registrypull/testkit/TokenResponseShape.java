package io.jenkins.registrypull.testkit;

/**
 * Which field of a token response carries the token. Real token servers differ: Docker Hub sends
 * both, some send only {@code token}, OAuth2-minded ones only {@code access_token}; clients must
 * accept each.
 */
public enum TokenResponseShape {
    TOKEN_ONLY,
    ACCESS_TOKEN_ONLY,
    BOTH;

    boolean includesToken() {
        return this != ACCESS_TOKEN_ONLY;
    }

    boolean includesAccessToken() {
        return this != TOKEN_ONLY;
    }
}
