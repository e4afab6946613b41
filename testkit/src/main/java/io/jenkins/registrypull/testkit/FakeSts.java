package io.jenkins.registrypull.testkit;

import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * A protocol-faithful AWS STS (query protocol, XML answers) on 127.0.0.1, plain http: {@code AssumeRole} (SigV4-signed,
 * verified with the testkit's own {@link SigV4}, the caller must be trusted by the role) and
 * {@code AssumeRoleWithWebIdentity} (unsigned; the web identity token must be one {@link #trustWebIdentityToken} named).
 * Temporary keys it issues go into the shared {@link AwsKeyring}, with the role's actions.
 */
public final class FakeSts implements AutoCloseable {
    public static final String WEB_IDENTITY = "web-identity";
    private static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final LoopbackHttpServer server;
    private final AwsKeyring keyring;
    private final String region;
    private final Clock clock;
    private final Set<String> webIdentityTokens = new CopyOnWriteArraySet<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<AwsKeyring.Key> issued = new CopyOnWriteArrayList<>();

    private FakeSts(AwsKeyring keyring, String region, Clock clock) {
        this.keyring = keyring;
        this.region = region;
        this.clock = clock;
        this.server = LoopbackHttpServer.start("the fake STS", this::handle);
    }

    public static FakeSts start(AwsKeyring keyring, String region, Clock clock) {
        return new FakeSts(keyring, region, clock);
    }

    /** {@code http://127.0.0.1:PORT}, for AWS_ENDPOINT_URL_STS. */
    public String url() {
        return server.url();
    }

    /** Accepts {@code token} as a web identity (an OIDC token the cluster's provider signed). */
    public FakeSts trustWebIdentityToken(String token) {
        webIdentityTokens.add(token);
        return this;
    }

    /** The actions called so far ({@code AssumeRole}, {@code AssumeRoleWithWebIdentity}), refused ones too. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** The temporary keys issued so far, for leak scans. */
    public List<AwsKeyring.Key> issued() {
        return List.copyOf(issued);
    }

    private MockResponse handle(RecordedRequest recorded) {
        if (!"POST".equals(recorded.getMethod())) {
            return error(400, "InvalidAction", "STS accepts POST");
        }
        Map<String, String> form = form(recorded.getBody().clone().readUtf8());
        String action = form.getOrDefault("Action", "");
        calls.add(action);
        if (!"2011-06-15".equals(form.get("Version"))) {
            return error(400, "InvalidParameterValue", "Version must be 2011-06-15");
        }
        AwsKeyring.Role role = keyring.role(form.get("RoleArn"));
        String session = form.get("RoleSessionName");
        if (session == null || !session.matches("[\\w+=,.@-]{2,64}")) {
            return error(400, "ValidationError", "RoleSessionName is required: [\\w+=,.@-]{2,64}");
        }
        switch (action) {
            case "AssumeRole": {
                AwsKeyring.Verdict verdict = keyring.verify(SigV4.Request.of(recorded), "sts", region);
                if (!verdict.ok()) {
                    return switch (verdict.failure()) {
                        case MISSING -> error(403, "MissingAuthenticationToken", verdict.detail());
                        case MALFORMED -> error(400, "IncompleteSignature", verdict.detail());
                        case UNKNOWN_KEY -> error(403, "InvalidClientTokenId", verdict.detail());
                        case BAD_TOKEN -> error(403, "InvalidClientTokenId", verdict.detail());
                        default -> error(403, "SignatureDoesNotMatch", verdict.detail());
                    };
                }
                String caller = verdict.key().principalArn();
                if (role == null || !role.trustedPrincipals().contains(caller)) {
                    return error(403, "AccessDenied", "User: " + caller + " is not authorized to perform:"
                            + " sts:AssumeRole on resource: " + form.get("RoleArn"));
                }
                return credentials("AssumeRole", keyring.issueTemporary(role, session));
            }
            case "AssumeRoleWithWebIdentity": {
                String token = form.get("WebIdentityToken");
                if (token == null || !webIdentityTokens.contains(token)) {
                    return error(400, "InvalidIdentityToken", "Couldn't retrieve verification key from your"
                            + " identity provider, please reference AssumeRoleWithWebIdentity documentation for"
                            + " requirements");
                }
                if (role == null || !role.trustedPrincipals().contains(WEB_IDENTITY)) {
                    return error(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
                }
                return credentials("AssumeRoleWithWebIdentity", keyring.issueTemporary(role, session));
            }
            default:
                return error(400, "InvalidAction", "Could not find operation " + action.replaceAll("\\W", "?"));
        }
    }

    private MockResponse credentials(String action, AwsKeyring.Key key) {
        issued.add(key);
        Instant expiration = clock.instant().plus(Duration.ofHours(1));
        String xml = "<" + action + "Response xmlns=\"" + NS + "\">\n"
                + "  <" + action + "Result>\n"
                + "    <AssumedRoleUser>\n"
                + "      <Arn>" + key.principalArn() + "</Arn>\n"
                + "      <AssumedRoleId>AROA" + key.accessKeyId().substring(4) + ":session</AssumedRoleId>\n"
                + "    </AssumedRoleUser>\n"
                + "    <Credentials>\n"
                + "      <AccessKeyId>" + key.accessKeyId() + "</AccessKeyId>\n"
                + "      <SecretAccessKey>" + key.secretAccessKey() + "</SecretAccessKey>\n"
                + "      <SessionToken>" + key.sessionToken() + "</SessionToken>\n"
                + "      <Expiration>" + expiration + "</Expiration>\n"
                + "    </Credentials>\n"
                + "  </" + action + "Result>\n"
                + "  <ResponseMetadata><RequestId>" + java.util.UUID.randomUUID() + "</RequestId></ResponseMetadata>\n"
                + "</" + action + "Response>\n";
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/xml").setBody(xml);
    }

    private static MockResponse error(int status, String code, String message) {
        String xml = "<ErrorResponse xmlns=\"" + NS + "\">\n"
                + "  <Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + escape(message)
                + "</Message></Error>\n"
                + "  <RequestId>" + java.util.UUID.randomUUID() + "</RequestId>\n"
                + "</ErrorResponse>\n";
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "text/xml").setBody(xml);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String part : body.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.close();
    }
}
