package io.jenkins.registrypull.testkit;

import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The EC2 instance metadata service, IMDSv2 only, on 127.0.0.1: {@code PUT /latest/api/token} (with
 * {@code X-aws-ec2-metadata-token-ttl-seconds}) gives a session token, and every {@code GET} without a valid
 * {@code X-aws-ec2-metadata-token} is refused with 401, as an instance with {@code HttpTokens=required} does. The
 * instance profile's role credentials are temporary keys from the shared {@link AwsKeyring}.
 */
public final class FakeImds implements AutoCloseable {
    private static final String CREDENTIALS = "/latest/meta-data/iam/security-credentials/";

    private final LoopbackHttpServer server;
    private final AwsKeyring keyring;
    private final AwsKeyring.Role role;
    private final Clock clock;
    private final Set<String> sessionTokens = new CopyOnWriteArraySet<>();
    private final AtomicInteger refusedWithoutToken = new AtomicInteger();
    private final AtomicInteger credentialsServed = new AtomicInteger();

    private FakeImds(AwsKeyring keyring, AwsKeyring.Role role, Clock clock) {
        this.keyring = keyring;
        this.role = role;
        this.clock = clock;
        this.server = LoopbackHttpServer.start("the fake instance metadata service", this::handle);
    }

    /** An instance whose profile has {@code role}. */
    public static FakeImds start(AwsKeyring keyring, AwsKeyring.Role role, Clock clock) {
        return new FakeImds(keyring, role, clock);
    }

    /** {@code http://127.0.0.1:PORT}, for AWS_EC2_METADATA_SERVICE_ENDPOINT. */
    public String url() {
        return server.url();
    }

    /** GETs refused because they carried no (or a wrong) session token. */
    public int refusedWithoutToken() {
        return refusedWithoutToken.get();
    }

    public int credentialsServed() {
        return credentialsServed.get();
    }

    private MockResponse handle(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath();
        if ("PUT".equals(request.getMethod()) && path.equals("/latest/api/token")) {
            String ttl = request.getHeader("X-aws-ec2-metadata-token-ttl-seconds");
            if (ttl == null || !ttl.matches("[0-9]{1,5}") || Integer.parseInt(ttl) < 1
                    || Integer.parseInt(ttl) > 21600) {
                return new MockResponse().setResponseCode(400);
            }
            if (request.getHeader("X-Forwarded-For") != null) {
                return new MockResponse().setResponseCode(403); // IMDSv2 refuses proxied token requests
            }
            String token = "AQAEA" + RandomStrings.alphanumeric(40);
            sessionTokens.add(token);
            return new MockResponse().setResponseCode(200).setHeader("X-aws-ec2-metadata-token-ttl-seconds", ttl)
                    .setBody(token);
        }
        if (!"GET".equals(request.getMethod())) {
            return new MockResponse().setResponseCode(405);
        }
        String token = request.getHeader("X-aws-ec2-metadata-token");
        if (token == null || !sessionTokens.contains(token)) {
            refusedWithoutToken.incrementAndGet();
            return new MockResponse().setResponseCode(401);
        }
        String roleName = role.arn().substring(role.arn().indexOf(":role/") + 6);
        if (path.equals(CREDENTIALS)) {
            return new MockResponse().setResponseCode(200).setBody(roleName);
        }
        if (path.equals(CREDENTIALS + roleName)) {
            AwsKeyring.Key key = keyring.issueTemporary(role, "i-0123456789abcdef0");
            credentialsServed.incrementAndGet();
            String body = "{\n  \"Code\" : \"Success\",\n  \"LastUpdated\" : \"" + clock.instant() + "\",\n"
                    + "  \"Type\" : \"AWS-HMAC\",\n  \"AccessKeyId\" : \"" + key.accessKeyId() + "\",\n"
                    + "  \"SecretAccessKey\" : \"" + key.secretAccessKey() + "\",\n"
                    + "  \"Token\" : \"" + key.sessionToken() + "\",\n"
                    + "  \"Expiration\" : \"" + clock.instant().plus(Duration.ofHours(6)) + "\"\n}";
            return new MockResponse().setResponseCode(200).setBody(body);
        }
        return new MockResponse().setResponseCode(404);
    }

    @Override
    public void close() {
        server.close();
    }
}
