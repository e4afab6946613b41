package io.jenkins.registrypull.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who the token server knows and what each may do: users with passwords, per-user grants on
 * repositories, and repositories anyone may pull.
 *
 * <p>Like real token servers, asking for more than granted is not an error: the token simply
 * carries less, and the registry then answers {@code insufficient_scope} / {@code DENIED}.
 * Thread-safe, because tests change grants while the server answers.
 */
final class AccessControl {

    /** A grant on this repository name applies to every repository. */
    static final String ANY_REPOSITORY = "*";

    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Set<String>>> grants = new ConcurrentHashMap<>();
    private final Set<String> anonymousPull = ConcurrentHashMap.newKeySet();

    void addUser(TestUser user) {
        passwords.put(user.username(), user.password());
    }

    void grant(String username, String repository, Collection<String> actions) {
        grants.computeIfAbsent(username, u -> new ConcurrentHashMap<>())
                .computeIfAbsent(repository, r -> ConcurrentHashMap.newKeySet())
                .addAll(actions);
    }

    void revokeAll(String username) {
        grants.remove(username);
    }

    void allowAnonymousPull(String repository) {
        anonymousPull.add(repository);
    }

    /** The user name when the password matches, compared in constant time. */
    Optional<String> authenticate(String username, String password) {
        String expected = passwords.get(username);
        if (expected == null) {
            return Optional.empty();
        }
        boolean same = MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8));
        return same ? Optional.of(username) : Optional.empty();
    }

    /** Every known password, so the request log can tell whether one leaked into a URL. */
    Collection<String> passwords() {
        return List.copyOf(passwords.values());
    }

    /**
     * The part of {@code requested} the subject may have: {@code username} null means anonymous.
     * Returns null when nothing of it is granted.
     */
    Scope allowed(String username, Scope requested) {
        if (!"repository".equals(requested.type())) {
            return null;
        }
        Set<String> granted = new LinkedHashSet<>();
        if (anonymousPull.contains(requested.name())) {
            granted.add("pull");
        }
        if (username != null) {
            Map<String, Set<String>> userGrants = grants.getOrDefault(username, Map.of());
            granted.addAll(userGrants.getOrDefault(requested.name(), Set.of()));
            granted.addAll(userGrants.getOrDefault(ANY_REPOSITORY, Set.of()));
        }
        Set<String> result = new LinkedHashSet<>();
        for (String action : requested.actions()) {
            if (granted.contains(action) || granted.contains("*")) {
                result.add(action);
            }
        }
        return result.isEmpty() ? null : new Scope(requested.type(), requested.name(), result);
    }
}
