package io.jenkins.registrypull.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A protocol-faithful Amazon ECR API ({@code GetAuthorizationToken} of ECR and of ECR Public) on 127.0.0.1, plain http.
 * It verifies each request's SigV4 signature with the testkit's own {@link SigV4} (not the SDK's signer), checks the
 * key's IAM actions in an {@link AwsKeyring}, and answers AWS's JSON errors. Each token it issues is a fresh random
 * password for user {@code AWS}, handed to {@code onMint} (e.g. a token server's {@code addUser}), so the registry
 * behind accepts only the latest minted password.
 */
public final class FakeEcrApi implements AutoCloseable {
    public static final String PRIVATE_TARGET = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken";
    public static final String PUBLIC_TARGET = "SpencerFrontendService.GetAuthorizationToken";

    private final LoopbackHttpServer server;
    private final AwsKeyring keyring;
    private final String region;
    private final Consumer<TestUser> onMint;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger issued = new AtomicInteger();
    private final List<String> passwords = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private volatile Duration lifetime = Duration.ofHours(12);

    private FakeEcrApi(AwsKeyring keyring, String region, Consumer<TestUser> onMint, Clock clock) {
        this.keyring = keyring;
        this.region = region;
        this.onMint = onMint;
        this.clock = clock;
        this.server = LoopbackHttpServer.start("the fake ECR API", this::handle);
    }

    /** An ECR API for {@code region}, tokens valid 12 h from {@code clock}'s now. */
    public static FakeEcrApi start(AwsKeyring keyring, String region, Consumer<TestUser> onMint, Clock clock) {
        return new FakeEcrApi(keyring, region, onMint, clock);
    }

    /** How long the next tokens are valid. */
    public FakeEcrApi lifetime(Duration value) {
        lifetime = value;
        return this;
    }

    /** {@code http://127.0.0.1:PORT}, for AWS_ENDPOINT_URL_ECR. */
    public String url() {
        return server.url();
    }

    public int tokensIssued() {
        return issued.get();
    }

    /** Every registry password issued so far, for leak scans. */
    public List<String> passwords() {
        return List.copyOf(passwords);
    }

    /** The AWS error codes answered so far, in order. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    private MockResponse handle(RecordedRequest recorded) {
        String target = recorded.getHeader("X-Amz-Target");
        if (!"POST".equals(recorded.getMethod()) || !"/".equals(recorded.getPath())) {
            return error(404, "UnknownOperationException", null);
        }
        boolean publicApi = PUBLIC_TARGET.equals(target);
        if (!publicApi && !PRIVATE_TARGET.equals(target)) {
            return error(400, "UnknownOperationException", null);
        }
        String contentType = recorded.getHeader("Content-Type");
        if (contentType == null || !contentType.startsWith("application/x-amz-json-1.1")) {
            return error(400, "SerializationException", "Content-Type must be application/x-amz-json-1.1");
        }
        AwsKeyring.Verdict verdict = keyring.verify(SigV4.Request.of(recorded), publicApi ? "ecr-public" : "ecr",
                publicApi ? "us-east-1" : region);
        if (!verdict.ok()) {
            return switch (verdict.failure()) {
                case MISSING -> error(400, "MissingAuthenticationTokenException", verdict.detail());
                case MALFORMED -> error(400, "IncompleteSignatureException", verdict.detail());
                case UNKNOWN_KEY, BAD_TOKEN -> error(400, "UnrecognizedClientException", verdict.detail());
                default -> error(400, "InvalidSignatureException", verdict.detail());
            };
        }
        String action = publicApi ? "ecr-public:GetAuthorizationToken" : "ecr:GetAuthorizationToken";
        if (!verdict.key().allows(action) || publicApi && !verdict.key().allows("sts:GetServiceBearerToken")) {
            return error(400, "AccessDeniedException", "User: " + verdict.key().principalArn() + " is not authorized"
                    + " to perform: " + action + " on resource: * because no identity-based policy allows the "
                    + action + " action");
        }
        String password = RandomStrings.alphanumeric(24) + "+/=" + RandomStrings.alphanumeric(24);
        onMint.accept(new TestUser("AWS", password));
        passwords.add(password);
        issued.incrementAndGet();
        String token = Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8));
        double expiresAt = clock.instant().plus(lifetime).toEpochMilli() / 1000.0;
        ObjectNode data = json.createObjectNode().put("authorizationToken", token).put("expiresAt", expiresAt);
        ObjectNode body = json.createObjectNode();
        if (publicApi) {
            body.set("authorizationData", data);
        } else {
            data.put("proxyEndpoint", "https://" + AwsKeyring.ACCOUNT + ".dkr.ecr." + region + ".amazonaws.com");
            body.putArray("authorizationData").add(data);
        }
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/x-amz-json-1.1")
                .setHeader("x-amzn-RequestId", java.util.UUID.randomUUID().toString()).setBody(body.toString());
    }

    private MockResponse error(int status, String code, String message) {
        refusals.add(code);
        ObjectNode body = json.createObjectNode().put("__type", code);
        if (message != null) {
            body.put("message", message);
        }
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/x-amz-json-1.1")
                .setHeader("x-amzn-ErrorType", code + ":http://internal.amazon.com/coral/com.amazon.coral.service/")
                .setBody(body.toString());
    }

    @Override
    public void close() {
        server.close();
    }
}
