package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which minter {@code --auth} picks, from which inputs; nothing here reaches the network (minters mint lazily). */
class CloudAuthOptionsTest {

    private static final String KEY = "{\"type\":\"service_account\",\"client_email\":\"ci@p.iam.gserviceaccount.com\","
            + "\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----\\n\"}";
    private static final CloudAuthOptions.Stdin NO_STDIN = option -> {
        throw new AssertionError("stdin was read for " + option);
    };

    @TempDir
    Path tmp;

    private static CloudAuthOptions options(String auth) {
        CloudAuthOptions options = new CloudAuthOptions();
        options.auth = auth;
        return options;
    }

    @Test
    void testAuto_googleHostWithApplicationCredentials_mintsFromTheKey() throws Exception {
        Path key = Files.writeString(tmp.resolve("key.json"), KEY);
        Map<String, String> env = Map.of("GOOGLE_APPLICATION_CREDENTIALS", key.toString());
        try (CredentialMinter minter = options("auto").minter("europe-docker.pkg.dev", false, env, NO_STDIN, null)) {
            assertThat(minter.describe()).contains("ci@p.iam.gserviceaccount.com");
        }
        assertThat(options("auto").minter("reg.example.com", false, env, NO_STDIN, null)).isNull();
        assertThat(options("auto").minter("europe-docker.pkg.dev", true, env, NO_STDIN, null))
                .as("the user's own credential wins").isNull();
        assertThat(options("auto").minter("gcr.io", false, Map.of(), NO_STDIN, null))
                .as("public gcr.io images stay anonymous; the metadata server only with --auth gcp").isNull();
    }

    @Test
    void testAuto_azureHostWithServicePrincipalSecretOnStdin() throws Exception {
        CloudAuthOptions options = options("auto");
        options.azureClientSecretStdin = true;
        Map<String, String> env = Map.of("AZURE_TENANT_ID", "contoso.onmicrosoft.com",
                "AZURE_CLIENT_ID", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        try (CredentialMinter minter = options.minter("myteam.azurecr.io", false, env,
                option -> SecretValue.ofString("the-secret"), null)) {
            assertThat(minter.describe()).contains("myteam.azurecr.io").contains("aaaaaaaa-bbbb")
                    .doesNotContain("the-secret");
        }
        assertThat(options("auto").minter("myteam.azurecr.io", false, Map.of(), NO_STDIN, null))
                .as("managed identity only with --auth azure").isNull();
        try (CredentialMinter minter = options("azure").minter("myteam.azurecr.io", false, Map.of(), NO_STDIN,
                null)) {
            assertThat(minter.describe()).contains("managed identity");
        }
    }

    @Test
    void testExplicitModes_refuseMixedInputs() {
        CloudAuthOptions gcpKeyWithNone = options("none");
        gcpKeyWithNone.gcpKeyFile = tmp.resolve("key.json");
        assertThatThrownBy(() -> gcpKeyWithNone.minter("gcr.io", false, Map.of(), NO_STDIN, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--gcp-key-file");
        assertThatThrownBy(() -> options("azure").minter("x.azurecr.io", true, Map.of(), NO_STDIN, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--username");
        CloudAuthOptions secretWithoutIds = options("azure");
        secretWithoutIds.azureClientSecretStdin = true;
        assertThatThrownBy(() -> secretWithoutIds.minter("x.azurecr.io", false, Map.of(), NO_STDIN, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("AZURE_TENANT_ID");
        assertThatThrownBy(() -> options("ecs").minter("x.azurecr.io", false, Map.of(), NO_STDIN, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("auto, none, gcp or azure");
    }
}
