package io.jenkins.registrypull.credhelper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.credential.SecretValue;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RegistryNamesTest {

    @Test
    void testNormalize_everyFormClientsPass() {
        assertThat(RegistryNames.normalize("https://index.docker.io/v1/")).isEqualTo("docker.io");
        assertThat(RegistryNames.normalize("docker.io")).isEqualTo("docker.io");
        assertThat(RegistryNames.normalize("registry-1.docker.io")).isEqualTo("docker.io");
        assertThat(RegistryNames.normalize("127.0.0.1:5000")).isEqualTo("127.0.0.1:5000");
        assertThat(RegistryNames.normalize("https://Reg.Example.com/v2/")).isEqualTo("reg.example.com");
        assertThat(RegistryNames.normalize("http://reg.example.com:5000")).isEqualTo("reg.example.com:5000");
        assertThat(RegistryNames.normalize("[::1]:5000")).isEqualTo("[::1]:5000");
        assertThat(RegistryNames.normalize(" reg.example.com ")).isEqualTo("reg.example.com");
    }

    @Test
    void testNormalize_garbage_null() {
        for (String s : new String[] {"", "not a host", "a..b", "-a.com", "reg.example.com:abc", "a\nb", "x".repeat(300)}) {
            assertThat(RegistryNames.normalize(s)).as(s).isNull();
        }
        assertThat(RegistryNames.normalize(null)).isNull();
    }

    @Test
    void testParseConfigured_rejectsPathsAndNonHosts() throws Exception {
        assertThat(RegistryNames.parseConfigured("reg.example.com", "registry")).isEqualTo("reg.example.com");
        assertThat(RegistryNames.parseConfigured("https://reg.example.com/", "registry")).isEqualTo("reg.example.com");
        assertThat(RegistryNames.parseConfigured("index.docker.io", "registry")).isEqualTo("docker.io");
        assertThatThrownBy(() -> RegistryNames.parseConfigured("reg.example.com/team/app", "registry"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("registry").hasMessageContaining("path");
        assertThatThrownBy(() -> RegistryNames.parseConfigured("", "registries[1].registry"))
                .hasMessageContaining("registries[1].registry");
        assertThatThrownBy(() -> RegistryNames.parseConfigured("reg example", "registry"))
                .hasMessageContaining("not a registry host");
    }

    @Test
    void testConfigKeys_dockerHubUnderEveryName() {
        assertThat(RegistryNames.configKeys("docker.io")).containsExactly("https://index.docker.io/v1/", "docker.io",
                "index.docker.io", "registry-1.docker.io");
        assertThat(RegistryNames.configKeys("reg.example.com:5000")).containsExactly("reg.example.com:5000");
    }

    @Test
    void testCredentialsAnswer_jsonEscapedAndParsable() throws Exception {
        String secret = "a\"b\\c\n\u0001é/+";
        byte[] answer = HelperProtocol.credentialsAnswer("reg.example.com",
                Credential.usernamePassword("u\"ser", SecretValue.ofString(secret)));
        String text = new String(answer, StandardCharsets.UTF_8);
        assertThat(text).startsWith("ok\n").endsWith("}\n");
        JsonNode json = new ObjectMapper().readTree(text.substring(3));
        assertThat(json.get("ServerURL").asText()).isEqualTo("reg.example.com");
        assertThat(json.get("Username").asText()).isEqualTo("u\"ser");
        assertThat(json.get("Secret").asText()).isEqualTo(secret);
    }

    @Test
    void testParseRequest() {
        assertThat(HelperProtocol.parse("K get https://index.docker.io/v1/"))
                .isEqualTo(new HelperProtocol.Request("K", "get", "https://index.docker.io/v1/"));
        assertThat(HelperProtocol.parse("K list")).isEqualTo(new HelperProtocol.Request("K", "list", ""));
        assertThat(HelperProtocol.parse("get")).as("no key: the server refuses it").isEqualTo(new HelperProtocol.Request("get", "", ""));
        assertThat(HelperProtocol.request("K", "get", "h:5")).isEqualTo("K get h:5");
        assertThat(HelperProtocol.parse("K get h:5").toString()).doesNotContain("K ");
    }
}
