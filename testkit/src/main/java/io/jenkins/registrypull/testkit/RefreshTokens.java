package io.jenkins.registrypull.testkit;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Opaque refresh tokens the server issued, each bound to the user it was issued to. */
final class RefreshTokens {

    private final Map<String, String> owners = new ConcurrentHashMap<>();

    String issue(String username) {
        String token = "rt-" + RandomStrings.alphanumeric(32);
        owners.put(token, username);
        return token;
    }

    Optional<String> owner(String refreshToken) {
        return Optional.ofNullable(owners.get(refreshToken));
    }

    void revokeAll() {
        owners.clear();
    }

    Collection<String> all() {
        return List.copyOf(owners.keySet());
    }
}
