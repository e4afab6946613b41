package io.jenkins.registrypull.credhelper;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.cloud.aws.AwsIdentity;
import io.jenkins.registrypull.cloud.aws.EcrMinters;
import io.jenkins.registrypull.testing.MutableClock;
import io.jenkins.registrypull.testkit.AwsKeyring;
import io.jenkins.registrypull.testkit.FakeEcrApi;
import io.jenkins.registrypull.testkit.TestUser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long withRegistryAuth block with an ECR credential: the helper's get after the token's expiry serves a new one. */
class EcrHelperTest {
    @TempDir
    Path tmp;

    @Test
    void testLongBlock_getAfterExpiry_servesTheRenewedEcrPassword() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        AwsKeyring keyring = new AwsKeyring();
        AwsKeyring.Key key = keyring.addUser("ci", "ecr:GetAuthorizationToken");
        List<TestUser> registryUsers = new CopyOnWriteArrayList<>();
        try (FakeEcrApi ecr = FakeEcrApi.start(keyring, "eu-west-1", registryUsers::add, clock)) {
            Map<String, String> env = Map.of("AWS_ENDPOINT_URL_ECR", ecr.url(), "HOME", tmp.toString(),
                    "AWS_EC2_METADATA_DISABLED", "true");
            String host = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
            ServedCredential served = new ServedCredential(host, EcrMinters.credential(host,
                    AwsIdentity.keys(key.accessKeyId(), key.secretAccessKey().toCharArray(), null, null), null, env,
                    clock));
            try (CredentialHelperServer server = CredentialHelperServer.start(List.of(served),
                    new CredentialHelperServer.Options().parentDirectory(tmp.resolve("ws@tmp")).userDockerConfig(null))) {
                Path helper = server.binDirectory().resolve(HelperScript.FILE_NAME);
                JsonNode first = get(helper, host);
                clock.advance(Duration.ofHours(11)); // inside the 72 min margin of the 12 h token
                JsonNode second = get(helper, host);

                assertThat(first.get("Username").asText()).isEqualTo("AWS");
                assertThat(first.get("Secret").asText()).isEqualTo(registryUsers.get(0).password());
                assertThat(second.get("Secret").asText()).isEqualTo(registryUsers.get(1).password());
                assertThat(ecr.tokensIssued()).isEqualTo(2);
            }
        }
    }

    private JsonNode get(Path helper, String host) throws Exception {
        HelperRun run = HelperRun.run(List.of(helper.toString(), "get"), host,
                Map.of("PATH", ToolPaths.path(tmp, ToolPaths.Way.JAVA)));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return new ObjectMapper().readTree(run.stdout());
    }
}
