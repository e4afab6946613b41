package io.jenkins.registrypull.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Microsoft Entra ID for one tenant and one service principal, over HTTPS on 127.0.0.1 with a {@link TestCa} (MSAL
 * accepts only https authorities); what {@code AZURE_AUTHORITY_HOST} points at in tests.
 *
 * <ul>
 *   <li>{@code POST /{tenant}/oauth2/v2.0/token}, the client-credentials grant: the client secret, or a client
 *       assertion (RFC 7523) whose signature verifies with the registered certificate's public key, for this token
 *       endpoint as {@code aud}, issued by the client id; the scope must be Azure Container Registry's.
 *       Refusals carry Entra's codes and wording: AADSTS7000215 (wrong secret), AADSTS700027 (bad assertion),
 *       AADSTS700016 (unknown client), AADSTS90002 (unknown tenant).</li>
 *   <li>{@code GET /{tenant}/v2.0/.well-known/openid-configuration} and {@code GET /common/discovery/instance}, the
 *       metadata MSAL may fetch.</li>
 *   <li>{@code GET /msi/token}, a managed identity endpoint as App Service and Container Apps serve it
 *       ({@code IDENTITY_ENDPOINT}; API 2019-08-01): refused without the right {@code X-IDENTITY-HEADER}.</li>
 * </ul>
 * Issued access tokens are remembered with their expiry, so {@link FakeAcrExchange} accepts only those.
 */
public final class FakeEntra implements AutoCloseable {

    public static final String SCOPE = "https://containerregistry.azure.net/.default";
    public static final String RESOURCE = "https://containerregistry.azure.net";
    public static final String MSI_PATH = "/msi/token";

    private final String tenantId;
    private final String clientId;
    private final String clientSecret;
    private final X509Certificate clientCertificate;
    private final String identityHeader = "idh-" + RandomStrings.alphanumeric(24);
    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<Duration> lifetime = new AtomicReference<>(Duration.ofSeconds(3599));
    private final Map<String, Instant> issued = new ConcurrentHashMap<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final HttpsServer server;
    private final ExecutorService executor;

    private FakeEntra(TestCa ca, String tenantId, String clientId, String clientSecret,
            X509Certificate clientCertificate) {
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.clientCertificate = clientCertificate;
        try {
            server = HttpsServer.create(new InetSocketAddress(FreePort.loopback(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Entra ID", e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(ca.serverCertificates().sslContext()));
        server.createContext("/", this::handle);
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "testkit-entra");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Entra ID with a service principal that has {@code clientSecret} and, when not null, the public key of
     * {@code clientCertificate}.
     */
    public static FakeEntra start(TestCa ca, String clientSecret, X509Certificate clientCertificate) {
        return new FakeEntra(ca, "11111111-2222-3333-4444-555555555555", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
                clientSecret, clientCertificate);
    }

    /** https://127.0.0.1:PORT, the value for {@code AZURE_AUTHORITY_HOST}. */
    public String authorityHost() {
        return "https://" + FreePort.loopback().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** The value for {@code IDENTITY_ENDPOINT}. */
    public String identityEndpoint() {
        return authorityHost() + MSI_PATH;
    }

    /** The value for {@code IDENTITY_HEADER}. */
    public String identityHeader() {
        return identityHeader;
    }

    public String tenantId() {
        return tenantId;
    }

    public String clientId() {
        return clientId;
    }

    public FakeEntra lifetime(Duration value) {
        lifetime.set(value);
        return this;
    }

    /** Whether {@code accessToken} was issued here and has not expired. */
    public boolean isValid(String accessToken) {
        Instant expiry = accessToken == null ? null : issued.get(accessToken);
        return expiry != null && clock.instant().isBefore(expiry);
    }

    public List<String> issuedTokens() {
        return List.copyOf(issued.keySet());
    }

    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    private String tokenEndpoint() {
        return authorityHost() + "/" + tenantId + "/oauth2/v2.0/token";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if ("POST".equals(method) && path.endsWith("/oauth2/v2.0/token")) {
                token(exchange, path.substring(1, path.indexOf('/', 1)));
            } else if ("GET".equals(method) && path.equals(MSI_PATH)) {
                managedIdentity(exchange);
            } else if ("GET".equals(method) && path.endsWith("/v2.0/.well-known/openid-configuration")) {
                FakeHttp.send(exchange, 200, "{\"token_endpoint\":\"" + tokenEndpoint() + "\",\"issuer\":\""
                        + authorityHost() + "/" + tenantId + "/v2.0\",\"authorization_endpoint\":\"" + authorityHost()
                        + "/" + tenantId + "/oauth2/v2.0/authorize\"}");
            } else if ("GET".equals(method) && path.equals("/common/discovery/instance")) {
                String host = authorityHost().substring("https://".length());
                FakeHttp.send(exchange, 200, "{\"tenant_discovery_endpoint\":\"" + authorityHost() + "/" + tenantId
                        + "/v2.0/.well-known/openid-configuration\",\"api-version\":\"1.1\",\"metadata\":[{"
                        + "\"preferred_network\":\"" + host + "\",\"preferred_cache\":\"" + host + "\",\"aliases\":[\""
                        + host + "\"]}]}");
            } else {
                FakeHttp.send(exchange, 404, FakeHttp.oauthError("not_found", "no such endpoint: " + path));
            }
        }
    }

    private void token(HttpExchange exchange, String tenant) throws IOException {
        Map<String, String> form = FakeHttp.readForm(exchange);
        String[] refusal = refusal(tenant, form);
        if (refusal != null) {
            refusals.add(refusal[1]);
            FakeHttp.send(exchange, Integer.parseInt(refusal[0]), FakeHttp.oauthError(refusal[2], refusal[1]
                    // as Entra does: the trace facts on further lines (escaped CR LF inside the JSON string)
                    + "\\r\\nTrace ID: 00000000-0000-0000-0000-000000000000\\r\\nCorrelation ID: 00000000-0000-0000-0000-"
                    + "000000000000\\r\\nTimestamp: 2026-01-01 00:00:00Z"));
            return;
        }
        String token = issue();
        FakeHttp.send(exchange, 200, "{\"token_type\":\"Bearer\",\"expires_in\":" + lifetime.get().toSeconds()
                + ",\"ext_expires_in\":" + lifetime.get().toSeconds() + ",\"access_token\":\"" + token + "\"}");
    }

    /** {status, description, error} or null. */
    private String[] refusal(String tenant, Map<String, String> form) {
        if (!tenantId.equals(tenant)) {
            return new String[] {"400", "AADSTS90002: Tenant '" + tenant + "' not found.", "invalid_request"};
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return new String[] {"400", "AADSTS70003: The app requested an unsupported grant type.",
                "unsupported_grant_type"};
        }
        if (!clientId.equals(form.get("client_id"))) {
            return new String[] {"400", "AADSTS700016: Application with identifier '" + form.get("client_id")
                + "' was not found in the directory.", "unauthorized_client"};
        }
        String scope = form.getOrDefault("scope", "");
        if (!List.of(scope.split(" ")).contains(SCOPE)) {
            return new String[] {"400", "AADSTS70011: The provided request must include a 'scope' input parameter"
                + " for " + SCOPE + ".", "invalid_scope"};
        }
        if (form.containsKey("client_secret")) {
            return clientSecret != null && clientSecret.equals(form.get("client_secret")) ? null
                    : new String[] {"401", "AADSTS7000215: Invalid client secret provided. Ensure the secret being"
                        + " sent in the request is the client secret value, not the client secret ID.",
                        "invalid_client"};
        }
        if (form.containsKey("client_assertion")) {
            return assertionValid(form) ? null : new String[] {"401", "AADSTS700027: The certificate with identifier"
                + " used to sign the client assertion is not registered on application.", "invalid_client"};
        }
        return new String[] {"401", "AADSTS7000218: The request body must contain the following parameter:"
            + " 'client_assertion' or 'client_secret'.", "invalid_client"};
    }

    private boolean assertionValid(Map<String, String> form) {
        if (clientCertificate == null || !"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
                .equals(form.get("client_assertion_type"))) {
            return false;
        }
        try {
            SignedJWT jwt = SignedJWT.parse(form.get("client_assertion"));
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            return jwt.verify(new RSASSAVerifier((RSAPublicKey) clientCertificate.getPublicKey()))
                    && clientId.equals(claims.getIssuer()) && clientId.equals(claims.getSubject())
                    && claims.getAudience() != null && claims.getAudience().contains(tokenEndpoint())
                    && claims.getExpirationTime() != null
                    && claims.getExpirationTime().toInstant().isAfter(clock.instant());
        } catch (ParseException | JOSEException | ClassCastException e) {
            return false;
        }
    }

    private void managedIdentity(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        Map<String, String> params = FakeHttp.parseQuery(query == null ? "" : query);
        if (!identityHeader.equals(exchange.getRequestHeaders().getFirst("X-IDENTITY-HEADER"))) {
            refusals.add("missing or wrong X-IDENTITY-HEADER");
            FakeHttp.send(exchange, 401, FakeHttp.oauthError("unauthorized", "X-IDENTITY-HEADER is missing or wrong"));
            return;
        }
        if (!"2019-08-01".equals(params.get("api-version")) || !RESOURCE.equals(params.get("resource"))) {
            FakeHttp.send(exchange, 400, FakeHttp.oauthError("invalid_request", "api-version 2019-08-01 and"
                    + " resource " + RESOURCE + " are required"));
            return;
        }
        String token = issue();
        FakeHttp.send(exchange, 200, "{\"access_token\":\"" + token + "\",\"expires_on\":\""
                + clock.instant().plus(lifetime.get()).getEpochSecond() + "\",\"resource\":\"" + RESOURCE
                + "\",\"token_type\":\"Bearer\",\"client_id\":\"" + clientId + "\"}");
    }

    private String issue() {
        String token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.fake-entra-" + RandomStrings.alphanumeric(40);
        issued.put(token, clock.instant().plus(lifetime.get()));
        return token;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
