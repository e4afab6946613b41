package io.jenkins.registrypull.cloud.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.MintedCredential;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.InvalidRegistryAnswerException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.http.ConnectionErrors;
import io.jenkins.registrypull.http.SegmentScrubber;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Calls ECR's (or ECR Public's) {@code GetAuthorizationToken}: a {@code POST /} in the AWS JSON 1.1 protocol, signed
 * with SigV4 by the SDK's signer, sent by OkHttp without following redirects. The answer's token is base64
 * {@code AWS:password}; it becomes a {@link Credential.UsernamePassword} without passing through a String.
 */
final class EcrTokenClient {
    static final long MAX_ANSWER = 64 * 1024;
    private static final MediaType JSON_11 = MediaType.get("application/x-amz-json-1.1");

    private final OkHttpClient http;
    private final ObjectMapper json;
    private final Clock clock;

    EcrTokenClient(OkHttpClient http, ObjectMapper json, Clock clock) {
        this.http = http.newBuilder().followRedirects(false).followSslRedirects(false).build();
        this.json = json;
        this.clock = clock;
    }

    MintedCredential fetch(EcrEndpoint endpoint, AwsCredentialsIdentity identity, String who)
            throws RegistryException {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(endpoint.url().uri())
                .putHeader("Content-Type", JSON_11.toString())
                .putHeader("X-Amz-Target", endpoint.target()).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(unsigned)
                .payload(() -> new java.io.ByteArrayInputStream(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, endpoint.signingName())
                .putProperty(AwsV4HttpSigner.REGION_NAME, endpoint.region())
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        Request.Builder request = new Request.Builder().url(endpoint.url()).post(RequestBody.create(body, JSON_11));
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("Host")) { // OkHttp writes the same host[:port] itself
                header.getValue().forEach(v -> request.addHeader(header.getKey(), v));
            }
        }
        String action = "the " + endpoint.describe() + " (GetAuthorizationToken at " + endpoint.url().host() + ")";
        try (Response response = http.newCall(request.build()).execute()) {
            byte[] answer = readBounded(response.body(), action);
            try {
                JsonNode node = parse(answer);
                if (!response.isSuccessful()) {
                    String code = response.header("x-amzn-ErrorType");
                    if (code == null) {
                        code = node == null ? null : text(node, "__type");
                    }
                    String message = node == null ? null
                            : text(node, "message") != null ? text(node, "message") : text(node, "Message");
                    throw AwsErrors.of(code, message, response.code(), "the request for " + action, who, endpoint);
                }
                return credential(node, endpoint, action);
            } finally {
                Arrays.fill(answer, (byte) 0);
            }
        } catch (IOException e) {
            throw ConnectionErrors.describe(e, endpoint.url().host(), "requesting " + action);
        } finally {
            SegmentScrubber.scrubThisThread(); // the answer's token went through Okio's segments
        }
    }

    private MintedCredential credential(JsonNode node, EcrEndpoint endpoint, String action)
            throws InvalidRegistryAnswerException {
        JsonNode data = node == null ? null : node.get("authorizationData");
        if (data != null && data.isArray()) {
            data = data.size() == 0 ? null : data.get(0); // ECR: a list; ECR Public: one object
        }
        String token = data == null ? null : text(data, "authorizationToken");
        JsonNode expires = data == null ? null : data.get("expiresAt");
        if (token == null || expires == null || !expires.isNumber()) {
            throw notAToken(action, "no authorizationData with authorizationToken and expiresAt");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw notAToken(action, "an authorizationToken that is not base64");
        }
        try {
            int colon = -1;
            for (int i = 0; i < decoded.length; i++) {
                if (decoded[i] == ':') {
                    colon = i;
                    break;
                }
            }
            if (colon <= 0 || colon == decoded.length - 1) {
                throw notAToken(action, "an authorizationToken that is not USER:PASSWORD");
            }
            String user = new String(decoded, 0, colon, StandardCharsets.UTF_8);
            SecretValue password = SecretValue.fromUtf8(decoded, colon + 1, decoded.length - colon - 1);
            Instant expiresAt = Instant.ofEpochMilli((long) (expires.asDouble() * 1000));
            return new MintedCredential(Credential.usernamePassword(user, password), expiresAt);
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
    }

    /** The answer as a JSON object, or null (an error answer may be empty or HTML from a proxy). */
    private JsonNode parse(byte[] answer) {
        if (answer.length == 0) {
            return null;
        }
        try {
            JsonNode node = json.readTree(answer);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] readBounded(ResponseBody body, String action) throws IOException,
            InvalidRegistryAnswerException {
        if (body == null) {
            return new byte[0];
        }
        okio.BufferedSource source = body.source();
        okio.Buffer buffer = new okio.Buffer();
        try {
            while (source.read(buffer, 8192) != -1) {
                if (buffer.size() > MAX_ANSWER) {
                    throw notAToken(action, "an answer over " + MAX_ANSWER / 1024 + " KiB");
                }
            }
            return buffer.readByteArray();
        } finally {
            buffer.clear();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    private static InvalidRegistryAnswerException notAToken(String action, String what) {
        return new InvalidRegistryAnswerException("AWS answered " + action + " with " + what + ". Check the endpoint"
                + " (AWS_ENDPOINT_URL_ECR) points at the Amazon ECR API.");
    }
}
