package io.jenkins.registrypull.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The testkit's independent SigV4 against the AWS SigV4 test-suite vectors (see the vectors' README). */
class SigV4Test {
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    static Stream<Path> vectors() throws IOException, URISyntaxException {
        Path root = Path.of(SigV4Test.class.getResource("/aws-sig-v4-test-suite").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> found = files.filter(p -> p.toString().endsWith(".req")).sorted().toList();
            assertThat(found).hasSizeGreaterThanOrEqualTo(29);
            return found.stream();
        }
    }

    /** Parses a test-suite {@code .req}: request line, {@code Name:value} headers, blank line, body. */
    static SigV4.Request parse(String raw) {
        int blank = raw.indexOf("\n\n");
        String head = blank < 0 ? raw : raw.substring(0, blank);
        byte[] body = blank < 0 ? new byte[0] : raw.substring(blank + 2).getBytes(StandardCharsets.UTF_8);
        String[] lines = head.split("\n");
        String requestLine = lines[0];
        String method = requestLine.substring(0, requestLine.indexOf(' '));
        String target = requestLine.substring(method.length() + 1, requestLine.lastIndexOf(" HTTP/"));
        int q = target.indexOf('?');
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(Map.entry(lines[i].substring(0, colon), lines[i].substring(colon + 1)));
        }
        return new SigV4.Request(method, q < 0 ? target : target.substring(0, q), q < 0 ? "" : target.substring(q + 1),
                headers, body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void testVector_signatureMatchesThePublishedOne(Path req) throws IOException {
        Path authz = req.resolveSibling(req.getFileName().toString().replace(".req", ".authz"));
        SigV4.Request request = parse(Files.readString(req, StandardCharsets.UTF_8));
        SigV4.Authorization expected = SigV4.Authorization.parse(Files.readString(authz, StandardCharsets.UTF_8));

        String signature = SigV4.expectedSignature(request, expected, SECRET);

        assertThat(expected.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(signature).isEqualTo(expected.signature());
    }

    @Test
    void testKeyring_verifies_andRefusesTamperingWrongRegionAndUnknownKeys() throws IOException, URISyntaxException {
        AwsKeyring keyring = new AwsKeyring();
        AwsKeyring.Key key = keyring.addUser("ci", "ecr:GetAuthorizationToken");
        SigV4.Request unsigned = new SigV4.Request("POST", "/", "", List.of(Map.entry("Host", "127.0.0.1:5000"),
                Map.entry("X-Amz-Date", "20260101T000000Z"), Map.entry("X-Amz-Target", "T")),
                "{}".getBytes(StandardCharsets.UTF_8));
        SigV4.Authorization scope = new SigV4.Authorization(key.accessKeyId(), "20260101", "eu-west-1", "ecr",
                List.of("host", "x-amz-date", "x-amz-target"), "0".repeat(64));
        String signature = SigV4.expectedSignature(unsigned, scope, key.secretAccessKey());
        String header = SigV4.ALGORITHM + " Credential=" + key.accessKeyId() + "/20260101/eu-west-1/ecr/aws4_request,"
                + " SignedHeaders=host;x-amz-date;x-amz-target, Signature=" + signature;

        assertThat(keyring.verify(with(unsigned, header, "{}"), "ecr", "eu-west-1").ok()).isTrue();
        assertThat(keyring.verify(with(unsigned, header, "{ }"), "ecr", "eu-west-1").failure())
                .isEqualTo(AwsKeyring.Failure.BAD_SIGNATURE);
        assertThat(keyring.verify(with(unsigned, header, "{}"), "ecr", "us-east-1").failure())
                .isEqualTo(AwsKeyring.Failure.WRONG_REGION);
        assertThat(keyring.verify(with(unsigned, header.replace(key.accessKeyId(), "AKIAUNKNOWNUNKNOWN1"), "{}"),
                "ecr", "eu-west-1").failure()).isEqualTo(AwsKeyring.Failure.UNKNOWN_KEY);
        assertThat(keyring.verify(unsigned, "ecr", "eu-west-1").failure()).isEqualTo(AwsKeyring.Failure.MISSING);
    }

    private static SigV4.Request with(SigV4.Request r, String authorization, String body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(r.headers());
        headers.add(Map.entry("Authorization", authorization));
        return new SigV4.Request(r.method(), r.path(), r.query(), headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
