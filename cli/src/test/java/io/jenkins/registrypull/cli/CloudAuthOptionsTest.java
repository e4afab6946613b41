package io.jenkins.registrypull.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which minter --auth picks for which registry, from which inputs, before any network call (minters mint lazily):
 * ECR for its hosts from the machine's identity; Google and Azure for their hosts only with that cloud's explicit
 * inputs.
 */
class CloudAuthOptionsTest {
    private static final String ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private static final Map<String, String> ENV = Map.of("AWS_EC2_METADATA_DISABLED", "true");

    @TempDir
    Path tmp;

    private static CloudAuthOptions mode(String auth) {
        CloudAuthOptions options = new CloudAuthOptions();
        options.auth = auth;
        return options;
    }

    private static boolean mints(CloudAuthOptions options, String registry, boolean userCredential) throws Exception {
        CredentialMinter minter = options.minter(registry, userCredential, ENV, option -> {
            throw new AssertionError("no ECR input reads stdin");
        }, null);
        if (minter == null) {
            return false;
        }
        assertThat(minter.describe()).startsWith("Amazon ECR");
        minter.close();
        return true;
    }

    @Test
    void testAuto_mintsForPrivateEcrHostsOnly_andNotBesideTheUsersSecret() throws Exception {
        assertThat(mints(mode("auto"), ECR, false)).isTrue();
        assertThat(mints(mode("auto"), ECR + ":443", false)).isTrue();
        assertThat(mints(mode("auto"), "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", false)).isTrue();
        assertThat(mints(mode("auto"), ECR, true)).as("the user's own secret wins").isFalse();
        assertThat(mints(mode("auto"), "public.ecr.aws", false)).as("public images pull anonymously").isFalse();
        assertThat(mints(mode("auto"), "registry.example.com", false)).isFalse();
        assertThat(mints(mode("auto"), ECR + ".evil.example", false)).isFalse();
    }

    @Test
    void testEcrAndNone() throws Exception {
        CloudAuthOptions ecr = mode("ECR");
        ecr.awsRegion = "us-east-2";
        assertThat(mints(ecr, "registry.example.com", false)).isTrue();
        assertThat(mints(mode("ecr"), "public.ecr.aws", false)).isTrue();
        assertThat(mints(mode("none"), ECR, false)).isFalse();
    }

    @Test
    void testBadCombinations_nameTheOption() {
        CloudAuthOptions none = mode("none");
        none.awsRegion = "eu-west-1";
        assertThatThrownBy(() -> mints(none, ECR, false)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--aws-region:");
        assertThatThrownBy(() -> mints(mode("ecr"), ECR, true)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ecr makes the registry credential itself");
        assertThatThrownBy(() -> mints(mode("gcr-typo"), ECR, false)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must be auto, none, ecr, gcp or azure");
        CloudAuthOptions noRegion = mode("ecr");
        assertThatThrownBy(() -> mints(noRegion, "registry.example.com", false))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("AWS_REGION");
    }

    private static final String KEY = "{\"type\":\"service_account\",\"client_email\":\"ci@p.iam.gserviceaccount.com\","
            + "\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----\\n\"}";
    private static final CloudAuthOptions.Stdin NO_STDIN = option -> {
        throw new AssertionError("stdin was read for " + option);
    };

    @Test
    void testAuto_googleHostWithApplicationCredentials_mintsFromTheKey() throws Exception {
        Path key = Files.writeString(tmp.resolve("key.json"), KEY);
        Map<String, String> env = Map.of("GOOGLE_APPLICATION_CREDENTIALS", key.toString());
        try (CredentialMinter minter = mode("auto").minter("europe-docker.pkg.dev", false, env, NO_STDIN, null)) {
            assertThat(minter.describe()).contains("ci@p.iam.gserviceaccount.com");
        }
        assertThat(mode("auto").minter("reg.example.com", false, env, NO_STDIN, null)).isNull();
        assertThat(mode("auto").minter("europe-docker.pkg.dev", true, env, NO_STDIN, null))
                .as("the user's own credential wins").isNull();
        assertThat(mode("auto").minter("gcr.io", false, Map.of(), NO_STDIN, null))
                .as("public gcr.io images stay anonymous; the metadata server only with --auth gcp").isNull();
    }

    @Test
    void testAuto_azureHostWithServicePrincipalSecretOnStdin() throws Exception {
        CloudAuthOptions options = mode("auto");
        options.azureClientSecretStdin = true;
        Map<String, String> env = Map.of("AZURE_TENANT_ID", "contoso.onmicrosoft.com",
                "AZURE_CLIENT_ID", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        try (CredentialMinter minter = options.minter("myteam.azurecr.io", false, env,
                option -> SecretValue.ofString("the-secret"), null)) {
            assertThat(minter.describe()).contains("myteam.azurecr.io").contains("aaaaaaaa-bbbb")
                    .doesNotContain("the-secret");
        }
        assertThat(mode("auto").minter("myteam.azurecr.io", false, Map.of(), NO_STDIN, null))
                .as("managed identity only with --auth azure").isNull();
        try (CredentialMinter minter = mode("azure").minter("myteam.azurecr.io", false, Map.of(), NO_STDIN,
                null)) {
            assertThat(minter.describe()).contains("managed identity");
        }
    }

    @Test
    void testExplicitModes_refuseMixedInputs() {
        CloudAuthOptions gcpKeyWithNone = mode("none");
        gcpKeyWithNone.gcpKeyFile = tmp.resolve("key.json");
        assertThatThrownBy(() -> gcpKeyWithNone.minter("gcr.io", false, Map.of(), NO_STDIN, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--gcp-key-file");
        assertThatThrownBy(() -> mode("azure").minter("x.azurecr.io", true, Map.of(), NO_STDIN, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--username");
        CloudAuthOptions secretWithoutIds = mode("azure");
        secretWithoutIds.azureClientSecretStdin = true;
        assertThatThrownBy(() -> secretWithoutIds.minter("x.azurecr.io", false, Map.of(), NO_STDIN, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("AZURE_TENANT_ID");
        assertThatThrownBy(() -> mode("ecs").minter("x.azurecr.io", false, Map.of(), NO_STDIN, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("auto, none, ecr, gcp or azure");
    }
}
