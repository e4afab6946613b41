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

    IssuedToken mint(String subject, List<Scope> access, TokenSettings settings) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiry = now.plus(settings.ttl());
        if (settings.cancelRegistryLeeway()) {
            expiry = expiry.minus(TokenSettings.REGISTRY_LEEWAY);
        }
        String token = signer.sign(issuer, audience, subject, access, now, expiry);
        issued.add(token);
        return new IssuedToken(token, now, settings.ttl(), access);
    }

    Collection<String> issuedTokens() {
        return List.copyOf(issued);
    }
}
