package io.jenkins.plugins.registrypull.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.registrypull.credentials.TokenRegistries.Use;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The table of how registries take a bare token (docs/credentials.md documents the same rows). */
class TokenRegistriesTest {
    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
        // Docker Hub: personal access tokens need the real username
        "docker.io,                                   UNSUPPORTED,",
        "registry-1.docker.io,                        UNSUPPORTED,",
        "index.docker.io,                             UNSUPPORTED,",
        // GitHub: the token is the password, the username is not checked
        "ghcr.io,                                     PASSWORD,       token",
        // Google: access token as password of oauth2accesstoken
        "gcr.io,                                      PASSWORD,       oauth2accesstoken",
        "eu.gcr.io,                                   PASSWORD,       oauth2accesstoken",
        "europe-west3-docker.pkg.dev,                 PASSWORD,       oauth2accesstoken",
        // Amazon ECR: get-login-password output as password of AWS
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com, PASSWORD,      AWS",
        "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn, PASSWORD,  AWS",
        "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com, PASSWORD, AWS",
        "public.ecr.aws,                              PASSWORD,       AWS",
        // Azure: an ACR refresh token
        "myregistry.azurecr.io,                       IDENTITY_TOKEN,",
        "myregistry.azurecr.cn,                       IDENTITY_TOKEN,",
        // everything else: OAuth2 refresh token (identity token)
        "registry.example.com,                        IDENTITY_TOKEN,",
        "registry.example.com:5000,                   IDENTITY_TOKEN,",
        "127.0.0.1:5000,                              IDENTITY_TOKEN,",
        "quay.io,                                     IDENTITY_TOKEN,",
        // look-alikes are not the real registries
        "ghcr.io.evil.example,                        IDENTITY_TOKEN,",
        "gcr.io.evil.example,                         IDENTITY_TOKEN,",
        "dkr.ecr.us-east-1.amazonaws.com,             IDENTITY_TOKEN,",
    })
    void testTable(String host, Use use, String username) {
        TokenRegistries.Rule rule = TokenRegistries.forRegistry(host);
        assertThat(rule.use()).isEqualTo(use);
        if (use == Use.PASSWORD) {
            assertThat(rule.usernameFor("ya29.access-token")).isEqualTo(username);
        } else {
            assertThat(username).isNull();
            assertThatThrownBy(() -> rule.usernameFor("ya29.access-token"))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @ParameterizedTest
    @CsvSource({"GHCR.IO:443, PASSWORD", "Docker.IO, UNSUPPORTED"})
    void testHostIsCaseInsensitiveAndPortIgnored(String host, Use use) {
        assertThat(TokenRegistries.forRegistry(host).use()).isEqualTo(use);
    }

    @ParameterizedTest
    @CsvSource({"gcr.io", "us-docker.pkg.dev"})
    void testGoogle_jsonKeyUsesJsonKeyUsername(String host) {
        TokenRegistries.Rule rule = TokenRegistries.forRegistry(host);
        assertThat(rule.usernameFor("  {\"type\": \"service_account\", \"private_key\": \"...\"}")).isEqualTo("_json_key");
        assertThat(rule.usernameFor("ya29.a0Af")).isEqualTo("oauth2accesstoken");
    }

    @ParameterizedTest
    @CsvSource({"docker.io, Docker Hub", "ghcr.io, GitHub Container Registry", "x.azurecr.io, Azure Container Registry"})
    void testNamesForMessages(String host, String name) {
        assertThat(TokenRegistries.forRegistry(host).name()).isEqualTo(name);
    }
}
