package io.jenkins.registrypull.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request the token server answered, as tests assert on it. Values of secret parameters
 * ({@code password}, {@code refresh_token}, ...) are replaced by {@value #REDACTED}.
 *
 * @param time when the request arrived
 * @param method {@code GET} or {@code POST}
 * @param path the request path
 * @param query query parameters (decoded), secret values redacted
 * @param form form parameters of a POST (decoded), secret values redacted
 * @param grantType {@code password} or {@code refresh_token} for POST, null for GET
 * @param username who authenticated (Basic or password/refresh grant), null for anonymous or failure
 * @param basicAuth whether the request carried {@code Authorization: Basic}
 * @param requestedScopes the scopes asked for, as sent
 * @param status the HTTP status answered
 * @param secretInUrl whether a known password, refresh token or issued token appeared anywhere in
 *        the request URL: a client must never put one there
 */
public record TokenRequest(
        Instant time,
        String method,
        String path,
        Map<String, List<String>> query,
        Map<String, List<String>> form,
        String grantType,
        String username,
        boolean basicAuth,
        List<String> requestedScopes,
        int status,
        boolean secretInUrl) {

    public static final String REDACTED = "<redacted>";

    public TokenRequest {
        query = Map.copyOf(query);
        form = Map.copyOf(form);
        requestedScopes = List.copyOf(requestedScopes);
    }

    /** Whether this request got a token. */
    public boolean succeeded() {
        return status == 200;
    }
}
