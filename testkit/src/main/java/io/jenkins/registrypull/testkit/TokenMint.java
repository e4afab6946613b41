package io.jenkins.registrypull.testkit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a subject and its granted scopes into a signed token, applying the current lifetime
 * settings, and remembers what it issued so leaks into URLs can be detected.
 */
final class TokenMint {

    private final TokenSigner signer;
    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final Set<String> issued = ConcurrentHashMap.newKeySet();

    TokenMint(TokenSigner signer, String issuer, String audience, Clock clock) {
        this.signer = signer;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    /**
     * JWT times are whole seconds: {@code iat} is rounded down and {@code exp} up, so a token
     * always lives at least its ttl (at most one second more), never less.
     */
    IssuedToken mint(String subject, List<Scope> access, TokenSettings settings) {
        Instant exact = clock.instant();
        Instant now = exact.truncatedTo(ChronoUnit.SECONDS);
        Instant expiry = roundUp(exact.plus(settings.ttl()));
        if (settings.cancelRegistryLeeway()) {
            expiry = expiry.minus(TokenSettings.REGISTRY_LEEWAY);
        }
        String token = signer.sign(issuer, audience, subject, access, now, expiry);
        issued.add(token);
        return new IssuedToken(token, now, settings.ttl(), access);
    }

    private static Instant roundUp(Instant instant) {
        Instant down = instant.truncatedTo(ChronoUnit.SECONDS);
        return down.equals(instant) ? down : down.plusSeconds(1);
    }

    Collection<String> issuedTokens() {
        return List.copyOf(issued);
    }
}
