package io.jenkins.plugins.registrypull.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.util.Secret;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.testkit.AwsKeyring;
import io.jenkins.registrypull.testkit.FakeEcrApi;
import io.jenkins.registrypull.testkit.TestUser;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AWS keys resolved on the controller mint an ECR password on the agent through the engine (fake ECR API, SigV4 checked). */
class EngineCloudMintersTest {
    @TempDir
    Path tmp;

    @Test
    void testAwsKeys_mintTheEcrPassword() throws Exception {
        AwsKeyring keyring = new AwsKeyring();
        AwsKeyring.Key key = keyring.addUser("ci", "ecr:GetAuthorizationToken");
        List<TestUser> minted = new CopyOnWriteArrayList<>();
        try (FakeEcrApi ecr = FakeEcrApi.start(keyring, "eu-west-1", minted::add, Clock.systemUTC())) {
            Map<String, String> env = Map.of("AWS_ENDPOINT_URL_ECR", ecr.url(), "HOME", tmp.toString(),
                    "AWS_EC2_METADATA_DISABLED", "true");
            RegistryLogin login = RegistryLogin.cloud(CloudLogin.aws("123456789012.dkr.ecr.eu-west-1.amazonaws.com",
                    Secret.fromString(key.accessKeyId()), Secret.fromString(key.secretAccessKey()), null, "credentials 'ecr'"));
            try (Credential credential = login.toCredential(new EngineCloudMinters(env, Clock.systemUTC()), Clock.systemUTC())) {
                Credential.UsernamePassword up = (Credential.UsernamePassword) credential.current();
                assertThat(up.username()).isEqualTo("AWS");
                assertThat(up.password().reveal()).isEqualTo(minted.get(0).password());
            }
            assertThat(ecr.tokensIssued()).isEqualTo(1);
        }
    }
}
