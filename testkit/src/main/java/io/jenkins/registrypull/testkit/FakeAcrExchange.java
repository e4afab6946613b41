package io.jenkins.registrypull.testkit;

import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The front of an Azure Container Registry: a real token-auth {@link RegistryServer} behind a {@link FaultProxy}
 * that serves {@code POST /oauth2/exchange} itself. The exchange takes {@code grant_type=access_token}, the
 * registry's host as {@code service} and an access token {@link FakeEntra} issued and that has not expired, and
 * answers a refresh token the registry's token server accepts for {@code principal}; anything else is refused with
 * 401. Pull from {@link #hostPort()}.
 */
public final class FakeAcrExchange implements AutoCloseable {

    public static final String PATH = "/oauth2/exchange";

    private final FaultProxy front;
    private final TokenServer tokens;
    private final FakeEntra entra;
    private final String principal;
    private final List<String> refreshTokens = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();

    private FakeAcrExchange(RegistryServer registry, FakeEntra entra, String principal) {
        this.tokens = registry.tokenServer();
        this.entra = entra;
        this.principal = principal;
        this.front = FaultProxy.start(registry);
        front.serveLocally(r -> r.getPath() != null && r.getPath().startsWith(PATH), this::exchange);
    }

    /** The front of {@code registry} (started with token auth), whose refresh tokens act as {@code principal}. */
    public static FakeAcrExchange start(RegistryServer registry, FakeEntra entra, String principal) {
        if (registry.tokenServer() == null) {
            throw new IllegalArgumentException("the registry behind an ACR front needs token auth");
        }
        return new FakeAcrExchange(registry, entra, principal);
    }

    /** host:port to pull from; also the {@code service} the exchange expects. */
    public String hostPort() {
        return front.hostPort();
    }

    /** The proxy in front of the registry, to inject faults into what it relays. */
    public FaultProxy front() {
        return front;
    }

    public List<String> issuedRefreshTokens() {
        return List.copyOf(refreshTokens);
    }

    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    private MockResponse exchange(RecordedRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return refuse(405, "the exchange takes POST");
        }
        Map<String, String> form = FakeHttp.parseQuery(request.getBody().readUtf8());
        if (!"access_token".equals(form.get("grant_type"))) {
            return refuse(400, "grant_type must be access_token");
        }
        if (!hostPort().equals(form.get("service"))) {
            return refuse(400, "service must be this registry, " + hostPort());
        }
        if (form.containsKey("tenant") && !entra.tenantId().equals(form.get("tenant"))) {
            return refuse(401, "the token is not of tenant " + form.get("tenant"));
        }
        if (!entra.isValid(form.get("access_token"))) {
            return refuse(401, "the access token was not issued by Entra ID or has expired");
        }
        String refresh = tokens.issueRefreshToken(principal);
        refreshTokens.add(refresh);
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody("{\"refresh_token\":\"" + refresh + "\"}");
    }

    private MockResponse refuse(int status, String why) {
        refusals.add(why);
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody(FakeHttp.oauthError(status == 401 ? "unauthorized" : "invalid_request", why));
    }

    @Override
    public void close() {
        front.close();
    }
}
