package io.jenkins.registrypull.cloud;

import java.util.Map;
import java.util.Objects;

/**
 * The environment variables cloud credential sources read (region, endpoint overrides, the agent identity's files),
 * injected so that tests pass a map and nothing deep inside reads {@link System#getenv()}.
 */
public record Environment(Map<String, String> variables) {
    public Environment {
        variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
    }

    /** This process's environment. */
    public static Environment system() {
        return new Environment(System.getenv());
    }

    public static Environment of(Map<String, String> variables) {
        return new Environment(variables);
    }

    /** The value of {@code name}, or null when it is unset or blank. */
    public String get(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String toString() {
        return "Environment[" + variables.size() + " variables]"; // values may be secrets (AWS_SECRET_ACCESS_KEY)
    }
}
