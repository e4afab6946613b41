package io.jenkins.registrypull.auth;

import io.jenkins.registrypull.credential.SecretValue;

import java.time.Duration;
import java.time.Instant;

/**
 * A bearer token and when it stops being usable. The token is a secret: it is held as a
 * {@link SecretValue} and wiped when the token is replaced or the session ends.
 *
 * @param token        the access token
 * @param receivedAt   when this client received it
 * @param expiresAt    when it expires, from {@code issued_at} and {@code expires_in}
 * @param refreshToken a refresh token the server returned (OAuth2), or null
 */
public record BearerToken(SecretValue token, Instant receivedAt, Instant expiresAt, SecretValue refreshToken)
        implements AutoCloseable {

    /** Used when the server gives no {@code expires_in}, as the token spec prescribes. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
    private static final Duration MAX_MARGIN = Duration.ofSeconds(30);

    /**
     * Whether the token is still worth sending at {@code now}. It is renewed a little before the
     * server's expiry (a quarter of its lifetime, at most 30 s) so a request never races it.
     */
    public boolean isFresh(Instant now) {
        Duration margin = Duration.between(receivedAt, expiresAt).dividedBy(4);
        if (margin.compareTo(MAX_MARGIN) > 0) {
            margin = MAX_MARGIN;
        }
        return !token.isWiped() && now.isBefore(expiresAt.minus(margin));
    }

    @Override
    public void close() {
        token.close();
        if (refreshToken != null) {
            refreshToken.close();
        }
    }
}
