package io.jenkins.registrypull.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * How the token server answers; swapped atomically as a whole so a request never sees half of
 * a change.
 *
 * @param shape which token field(s) a response carries
 * @param includeExpiresIn whether the response has {@code expires_in} (clients must assume 60 s without it)
 * @param includeIssuedAt whether the response has {@code issued_at} (RFC 3339)
 * @param ttl the lifetime told to the client in {@code expires_in}; {@code exp} is the issue time
 *        plus ttl, rounded up to the whole second
 * @param cancelRegistryLeeway registry 2.8 accepts a token until 60 s after its {@code exp}
 *        (clock skew leeway); when true, {@code exp} is written 60 s earlier so the registry
 *        really refuses the token {@code ttl} after issue. Use with a short ttl to make a token
 *        expire in the middle of a pull.
 * @param postEnabled whether OAuth2 {@code POST realm} works; when false it answers 404, and
 *        clients must fall back to {@code GET}
 * @param anonymousAllowed whether a {@code GET} without credentials gets a token (carrying only
 *        the anonymous grants); when false it answers 401
 */
public record TokenSettings(
        TokenResponseShape shape,
        boolean includeExpiresIn,
        boolean includeIssuedAt,
        Duration ttl,
        boolean cancelRegistryLeeway,
        boolean postEnabled,
        boolean anonymousAllowed) {

    /** The leeway registry 2.8 grants on {@code exp} and {@code nbf}. */
    public static final Duration REGISTRY_LEEWAY = Duration.ofSeconds(60);

    public TokenSettings {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
    }

    /** Both token fields, {@code expires_in} and {@code issued_at}, 5 minutes, POST on, anonymous on. */
    public static TokenSettings defaults() {
        return new TokenSettings(TokenResponseShape.BOTH, true, true, Duration.ofMinutes(5), false, true, true);
    }

    public TokenSettings withShape(TokenResponseShape value) {
        return new TokenSettings(value, includeExpiresIn, includeIssuedAt, ttl, cancelRegistryLeeway,
                postEnabled, anonymousAllowed);
    }

    public TokenSettings withExpiresIn(boolean value) {
        return new TokenSettings(shape, value, includeIssuedAt, ttl, cancelRegistryLeeway, postEnabled,
                anonymousAllowed);
    }

    public TokenSettings withIssuedAt(boolean value) {
        return new TokenSettings(shape, includeExpiresIn, value, ttl, cancelRegistryLeeway, postEnabled,
                anonymousAllowed);
    }

    public TokenSettings withTtl(Duration value) {
        return new TokenSettings(shape, includeExpiresIn, includeIssuedAt, value, cancelRegistryLeeway,
                postEnabled, anonymousAllowed);
    }

    public TokenSettings withCancelRegistryLeeway(boolean value) {
        return new TokenSettings(shape, includeExpiresIn, includeIssuedAt, ttl, value, postEnabled,
                anonymousAllowed);
    }

    public TokenSettings withPostEnabled(boolean value) {
        return new TokenSettings(shape, includeExpiresIn, includeIssuedAt, ttl, cancelRegistryLeeway, value,
                anonymousAllowed);
    }

    public TokenSettings withAnonymousAllowed(boolean value) {
        return new TokenSettings(shape, includeExpiresIn, includeIssuedAt, ttl, cancelRegistryLeeway,
                postEnabled, value);
    }
}
