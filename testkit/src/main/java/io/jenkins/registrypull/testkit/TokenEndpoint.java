package io.jenkins.registrypull.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The token endpoint: {@code GET realm?service=S&scope=...} with Basic or no credentials, and
 * OAuth2 {@code POST realm} with {@code grant_type=password} or {@code refresh_token}.
 *
 * <p>GET with Basic credentials and {@code offline_token=true} also returns a {@code refresh_token}
 * (docker's GET convention); POST returns one for {@code access_type=offline}, and the refresh
 * grant returns the refresh token it was given.
 *
 * <p>Answers: 200 with the token JSON; 401 for wrong credentials or an unknown refresh token;
 * 400 for a malformed request (wrong {@code service}, missing {@code client_id} on POST, unknown
 * grant type); 404 for POST when POST is switched off and for any other path.
 */
final class TokenEndpoint implements HttpHandler {

    private static final Set<String> SECRET_PARAMETERS =
            Set.of("password", "refresh_token", "access_token", "token", "client_secret", "id_token");
    private static final int MAX_FORM_BYTES = 64 * 1024;

    private final String path;
    private final String service;
    private final AccessControl access;
    private final TokenMint mint;
    private final RefreshTokens refreshTokens;
    private final Supplier<TokenSettings> settings;
    private final TokenRequestLog log;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    TokenEndpoint(String path, String service, AccessControl access, TokenMint mint, RefreshTokens refreshTokens,
            Supplier<TokenSettings> settings, TokenRequestLog log, Clock clock) {
        this.path = path;
        this.service = service;
        this.access = access;
        this.mint = mint;
        this.refreshTokens = refreshTokens;
        this.settings = settings;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            RequestFacts facts = new RequestFacts(exchange);
            Answer answer;
            if (!path.equals(exchange.getRequestURI().getPath())) {
                answer = Answer.error(404, "NOT_FOUND", "no such path");
            } else if ("GET".equals(exchange.getRequestMethod())) {
                answer = get(exchange, facts);
            } else if ("POST".equals(exchange.getRequestMethod())) {
                answer = settings.get().postEnabled() ? post(exchange, facts) : Answer.error(404, "NOT_FOUND",
                        "OAuth2 POST is switched off on this token server");
            } else {
                answer = Answer.error(405, "UNSUPPORTED", "method not allowed");
            }
            log.add(facts.toRequest(exchange, answer.status, clock));
            send(exchange, answer);
        }
    }

    private Answer get(HttpExchange exchange, RequestFacts facts) {
        List<String> scopes = new ArrayList<>();
        facts.query.getOrDefault("scope", List.of()).forEach(s -> scopes.addAll(List.of(s.trim().split("\\s+"))));
        scopes.removeIf(String::isEmpty);
        facts.scopes = scopes;
        Optional<String[]> basic = basicCredentials(exchange);
        String user = null;
        if (basic.isPresent()) {
            facts.basicAuth = true;
            user = access.authenticate(basic.get()[0], basic.get()[1]).orElse(null);
            if (user == null) {
                return Answer.unauthorized("incorrect username or password");
            }
        } else if (exchange.getRequestHeaders().containsKey("Authorization")) {
            return Answer.unauthorized("unsupported authorization scheme");
        } else if (!settings.get().anonymousAllowed()) {
            return Answer.unauthorized("anonymous access is switched off");
        }
        facts.username = user;
        if (!serviceMatches(facts.query)) {
            return Answer.error(400, "INVALID_REQUEST", "unknown service");
        }
        boolean offline = user != null && "true".equals(first(facts.query, "offline_token"));
        return issue(user, scopes, offline ? refreshTokens.issue(user) : null);
    }

    private Answer post(HttpExchange exchange, RequestFacts facts) throws IOException {
        facts.form = readForm(exchange);
        String grantType = first(facts.form, "grant_type");
        facts.grantType = grantType;
        String scopeText = first(facts.form, "scope");
        facts.scopes = scopeText == null ? List.of() : List.of(scopeText.trim().split("\\s+"));
        if (!serviceMatches(facts.form)) {
            return Answer.error(400, "INVALID_REQUEST", "unknown service");
        }
        if (first(facts.form, "client_id") == null) {
            return Answer.oauthError(400, "invalid_request", "client_id is required");
        }
        if ("password".equals(grantType)) {
            String username = first(facts.form, "username");
            String password = first(facts.form, "password");
            if (username == null || password == null) {
                return Answer.oauthError(400, "invalid_request", "username and password are required");
            }
            Optional<String> user = access.authenticate(username, password);
            if (user.isEmpty()) {
                return Answer.oauthError(401, "invalid_grant", "incorrect username or password");
            }
            facts.username = user.get();
            boolean offline = "offline".equals(first(facts.form, "access_type"));
            return issue(user.get(), facts.scopes, offline ? refreshTokens.issue(user.get()) : null);
        }
        if ("refresh_token".equals(grantType)) {
            String refreshToken = first(facts.form, "refresh_token");
            Optional<String> owner = refreshToken == null ? Optional.empty() : refreshTokens.owner(refreshToken);
            if (owner.isEmpty()) {
                return Answer.oauthError(401, "invalid_grant", "unknown refresh token");
            }
            facts.username = owner.get();
            return issue(owner.get(), facts.scopes, refreshToken);
        }
        return Answer.oauthError(400, "unsupported_grant_type", "grant_type must be password or refresh_token");
    }

    private Answer issue(String user, List<String> requested, String refreshToken) {
        List<Scope> granted = new ArrayList<>();
        for (String text : requested) {
            Scope scope;
            try {
                scope = Scope.parse(text);
            } catch (IllegalArgumentException e) {
                return Answer.error(400, "INVALID_REQUEST", "malformed scope");
            }
            Scope allowed = access.allowed(user, scope);
            if (allowed != null) {
                granted.add(allowed);
            }
        }
        TokenSettings current = settings.get();
        IssuedToken token = mint.mint(user, granted, current);
        ObjectNode body = json.createObjectNode();
        if (current.shape().includesToken()) {
            body.put("token", token.token());
        }
        if (current.shape().includesAccessToken()) {
            body.put("access_token", token.token());
        }
        if (current.includeExpiresIn()) {
            body.put("expires_in", token.expiresIn().toSeconds());
        }
        if (current.includeIssuedAt()) {
            body.put("issued_at", token.issuedAt().toString());
        }
        if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
        }
        return new Answer(200, body.toString(), false);
    }

    private boolean serviceMatches(Map<String, List<String>> parameters) {
        String requested = first(parameters, "service");
        return requested == null || requested.equals(service);
    }

    private boolean secretInUrl(String rawUri) {
        String decoded = URLDecoder.decode(rawUri, StandardCharsets.UTF_8);
        return Stream.of(access.passwords(), refreshTokens.all(), mint.issuedTokens())
                .flatMap(java.util.Collection::stream)
                .anyMatch(secret -> rawUri.contains(secret) || decoded.contains(secret));
    }

    private static Optional<String[]> basicCredentials(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.of(new String[] {"", ""});
        }
        int colon = decoded.indexOf(':');
        return Optional.of(colon < 0 ? new String[] {decoded, ""}
                : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }

    private static Map<String, List<String>> readForm(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_FORM_BYTES);
            return parseParameters(new String(body, StandardCharsets.UTF_8));
        }
    }

    static Map<String, List<String>> parseParameters(String raw) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Map<String, List<String>> redact(Map<String, List<String>> parameters) {
        Map<String, List<String>> redacted = new LinkedHashMap<>();
        parameters.forEach((name, values) -> redacted.put(name, SECRET_PARAMETERS.contains(name)
                ? values.stream().map(v -> TokenRequest.REDACTED).toList()
                : List.copyOf(values)));
        return redacted;
    }

    private void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (answer.basicChallenge) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"testkit token server\"");
        }
        exchange.sendResponseHeaders(answer.status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    /** What the log needs about a request, filled in while it is handled. */
    private final class RequestFacts {
        final Map<String, List<String>> query;
        Map<String, List<String>> form = Map.of();
        String grantType;
        String username;
        boolean basicAuth;
        List<String> scopes = List.of();

        RequestFacts(HttpExchange exchange) {
            this.query = parseParameters(exchange.getRequestURI().getRawQuery());
        }

        TokenRequest toRequest(HttpExchange exchange, int status, Clock clock) {
            String rawUri = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            return new TokenRequest(clock.instant(), exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    redact(query), redact(form), grantType, status == 200 ? username : null, basicAuth, scopes,
                    status, secretInUrl(rawUri));
        }
    }

    private record Answer(int status, String body, boolean basicChallenge) {

        static Answer unauthorized(String message) {
            return new Answer(401, errorBody("UNAUTHORIZED", message), true);
        }

        static Answer error(int status, String code, String message) {
            return new Answer(status, errorBody(code, message), false);
        }

        static Answer oauthError(int status, String error, String description) {
            ObjectNode node = new ObjectMapper().createObjectNode();
            node.put("error", error);
            node.put("error_description", description);
            return new Answer(status, node.toString(), false);
        }

        private static String errorBody(String code, String message) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode error = mapper.createObjectNode();
            error.put("code", code);
            error.put("message", message);
            ObjectNode body = mapper.createObjectNode();
            body.putArray("errors").add(error);
            return body.toString();
        }
    }
}
