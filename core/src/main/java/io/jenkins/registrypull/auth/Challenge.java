package io.jenkins.registrypull.auth;

import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header: the scheme and its parameters (names
 * lowercased, as RFC 7235 makes them case-insensitive).
 */
public record Challenge(String scheme, Map<String, String> parameters) {

    public Challenge {
        parameters = Map.copyOf(parameters);
    }

    public boolean isBearer() {
        return "bearer".equals(scheme.toLowerCase(Locale.ROOT));
    }

    public boolean isBasic() {
        return "basic".equals(scheme.toLowerCase(Locale.ROOT));
    }

    public String parameter(String name) {
        return parameters.get(name.toLowerCase(Locale.ROOT));
    }

    public String realm() {
        return parameter("realm");
    }

    public String service() {
        return parameter("service");
    }

    /** The space-separated scopes the server asked for, or null. */
    public String scope() {
        return parameter("scope");
    }

    /** The bearer {@code error} parameter: {@code invalid_token}, {@code insufficient_scope}, or null. */
    public String error() {
        return parameter("error");
    }
}
