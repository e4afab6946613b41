package io.jenkins.registrypull.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A token the token server signed, with what it grants.
 *
 * @param token the compact JWS
 * @param issuedAt the {@code iat} claim
 * @param expiresIn the lifetime told to clients
 * @param access the scopes granted (possibly fewer than asked for)
 */
public record IssuedToken(String token, Instant issuedAt, Duration expiresIn, List<Scope> access) {

    public IssuedToken {
        access = List.copyOf(access);
    }

    @Override
    public String toString() {
        return "IssuedToken[token=****, issuedAt=" + issuedAt + ", expiresIn=" + expiresIn + ", access=" + access + "]";
    }
}
