package io.jenkins.registrypull.testkit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One token scope as registries and token servers write it: {@code type:name:action,action},
 * e.g. {@code repository:team/app:pull,push}.
 */
public record Scope(String type, String name, Set<String> actions) {

    public Scope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        actions = Set.copyOf(new LinkedHashSet<>(actions));
    }

    /** A repository scope, the only kind registry pulls and pushes need. */
    public static Scope repository(String name, String... actions) {
        return new Scope("repository", name, new LinkedHashSet<>(List.of(actions)));
    }

    /**
     * Parses {@code type:name:actions}. The name is what lies between the first and the last
     * {@code ':'}, so a name with a registry port in it still parses.
     */
    public static Scope parse(String text) {
        int first = text.indexOf(':');
        int last = text.lastIndexOf(':');
        if (first <= 0 || last == first) {
            throw new IllegalArgumentException("not a scope (type:name:actions): " + text);
        }
        Set<String> actions = new LinkedHashSet<>();
        for (String action : text.substring(last + 1).split(",")) {
            if (!action.isBlank()) {
                actions.add(action.trim());
            }
        }
        return new Scope(text.substring(0, first), text.substring(first + 1, last), actions);
    }

    /** Parses a space-separated list of scopes, the form of the OAuth2 {@code scope} parameter. */
    public static List<Scope> parseAll(String spaceSeparated) {
        List<Scope> scopes = new ArrayList<>();
        for (String part : spaceSeparated.trim().split("\\s+")) {
            if (!part.isEmpty()) {
                scopes.add(parse(part));
            }
        }
        return scopes;
    }

    @Override
    public String toString() {
        return type + ":" + name + ":" + String.join(",", actions.stream().sorted().toList());
    }
}
