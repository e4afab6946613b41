package io.jenkins.registrypull.credhelper;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergedDockerConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_CONFIG = """
            {
              "auths": {"other.example.com": {"auth": "dXNlcjpzM2NyM3QtcGFzc3dvcmQ="}, "reg.example.com": {}},
              "credsStore": "secretservice",
              "credHelpers": {"gcr.io": "gcloud", "reg.example.com": "ecr-login", "outer.example.com": "registrypull"},
              "currentContext": "remote",
              "proxies": {"default": {"httpProxy": "http://proxy.example.com:3128", "noProxy": "localhost"}},
              "cliPluginsExtraDirs": ["/opt/plugins"],
              "psFormat": "table {{.ID}}"
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void testBuild_keepsSettings_dropsSecrets_blockOnTop() throws Exception {
        Path user = Files.createDirectories(tmp.resolve(".docker"));
        Files.writeString(user.resolve("config.json"), USER_CONFIG);
        Files.createDirectories(user.resolve("cli-plugins"));
        Files.createDirectories(user.resolve("contexts/meta"));

        MergedDockerConfig merged = MergedDockerConfig.build(user, List.of("reg.example.com", "docker.io"));

        JsonNode config = JSON.readTree(merged.json());
        assertThat(merged.json()).doesNotContain("dXNlcjpzM2NyM3QtcGFzc3dvcmQ=").doesNotContain("secretservice");
        assertThat(config.has("auths")).isFalse();
        assertThat(config.get("credsStore").asText()).as("docker login asks our helper, which refuses").isEqualTo("registrypull");
        assertThat(config.get("credHelpers").get("gcr.io").asText()).isEqualTo("gcloud");
        assertThat(config.get("credHelpers").get("reg.example.com").asText()).isEqualTo("registrypull");
        assertThat(config.get("credHelpers").get("https://index.docker.io/v1/").asText()).isEqualTo("registrypull");
        assertThat(config.get("credHelpers").has("outer.example.com")).as("an enclosing block's helper is not ours").isFalse();
        assertThat(config.get("currentContext").asText()).isEqualTo("remote");
        assertThat(config.get("proxies").get("default").get("httpProxy").asText()).isEqualTo("http://proxy.example.com:3128");
        assertThat(config.get("psFormat").asText()).isEqualTo("table {{.ID}}");
        assertThat(config.get("cliPluginsExtraDirs").toString())
                .isEqualTo("[\"" + user.resolve("cli-plugins") + "\",\"/opt/plugins\"]");
        assertThat(merged.links()).containsOnlyKeys("contexts");
        assertThat(merged.notes()).isEmpty();
    }

    @Test
    void testBuild_noUserConfig_onlyTheBlock() throws Exception {
        MergedDockerConfig merged = MergedDockerConfig.build(tmp.resolve("absent"), List.of("reg.example.com"));

        JsonNode config = JSON.readTree(merged.json());
        assertThat(config.size()).isEqualTo(2);
        assertThat(config.get("credHelpers").size()).isEqualTo(1);
        assertThat(merged.links()).isEmpty();
    }

    @Test
    void testBuild_brokenUserConfig_leftOutWithoutQuotingIt() throws Exception {
        Path user = Files.createDirectories(tmp.resolve(".docker"));
        Files.writeString(user.resolve("config.json"), "{\"auths\": {\"x\": {\"auth\": \"c2VjcmV0LXF1b3RlZA==\"}");

        MergedDockerConfig merged = MergedDockerConfig.build(user, List.of("reg.example.com"));

        assertThat(merged.notes()).singleElement().asString().contains("could not be read as JSON")
                .doesNotContain("c2VjcmV0LXF1b3RlZA==");
        assertThat(merged.json()).doesNotContain("c2VjcmV0LXF1b3RlZA==");
    }

    @Test
    void testDelete_removesLinksNeverTheUsersDirectories() throws Exception {
        Path user = Files.createDirectories(tmp.resolve(".docker"));
        Path context = Files.createDirectories(user.resolve("contexts/meta/abc"));
        Files.writeString(context.resolve("meta.json"), "{}");
        BlockDirectory block = BlockDirectory.create(tmp.resolve("ws@tmp"));
        block.writeConfig(MergedDockerConfig.build(user, List.of("reg.example.com")));
        assertThat(block.path().resolve("contexts/meta/abc/meta.json")).exists();

        assertThat(BlockDirectory.deleteRecursively(block.path())).isTrue();

        assertThat(block.path()).doesNotExist();
        assertThat(context.resolve("meta.json")).exists();
    }
}
