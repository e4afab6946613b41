package io.jenkins.registrypull.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class RegistryServerTest {

    @Test
    void testOpenHttp_startsAnswersAndStopsByPid() throws Exception {
        RegistryServer registry = RegistryServer.openHttp();
        Path dir = registry.rootDir();
        ProcessHandle handle = ProcessHandle.of(registry.pid()).orElseThrow();
        try (registry) {
            assertThat(registry.baseUrl()).isEqualTo("http://" + registry.hostPort());
            assertThat(registry.hostPort()).startsWith("127.0.0.1:");
            assertThat(registry.ca()).isNull();
            try (Response response = get(registry.clientBuilder().build(), registry.baseUrl() + "/v2/", null)) {
                assertThat(response.code()).isEqualTo(200);
                assertThat(response.header("Docker-Distribution-Api-Version")).isEqualTo("registry/2.0");
            }
            assertThat(Files.readString(dir.resolve("config.yml"))).contains("addr: \"127.0.0.1:" + registry.port());
            assertThat(registry.logTail()).contains("listening on 127.0.0.1:" + registry.port());
            System.out.println("open http registry started in " + registry.startDuration().toMillis() + " ms");
        }
        assertThat(handle.isAlive()).isFalse();
        assertThat(FreePort.isListening(registry.port())).isFalse();
        assertThat(dir).doesNotExist();
    }

    @Test
    void testHtpasswdTls_rightAndWrongPassword() throws Exception {
        TestUser alice = TestUser.random("alice");
        ProcessHandle handle;
        int port;
        try (RegistryServer registry = RegistryServer.htpasswdTls(alice)) {
            handle = ProcessHandle.of(registry.pid()).orElseThrow();
            port = registry.port();
            System.out.println("htpasswd tls registry started in " + registry.startDuration().toMillis() + " ms");
            assertThat(registry.baseUrl()).isEqualTo("https://" + registry.hostPort());
            OkHttpClient client = registry.clientBuilder().build();
            String url = registry.baseUrl() + "/v2/";
            try (Response response = get(client, url, null)) {
                assertThat(response.code()).isEqualTo(401);
                assertThat(response.header("WWW-Authenticate")).startsWith("Basic realm=");
            }
            try (Response response = get(client, url, Credentials.basic("alice", alice.password()))) {
                assertThat(response.code()).isEqualTo(200);
                assertThat(response.protocol().toString()).isEqualTo("h2");
            }
            try (Response response = get(client, url, Credentials.basic("alice", alice.password() + "x"))) {
                assertThat(response.code()).isEqualTo(401);
            }
            assertThat(Files.readString(registry.rootDir().resolve("htpasswd"))).doesNotContain(alice.password());
        }
        assertThat(handle.isAlive()).isFalse();
        assertThat(FreePort.isListening(port)).isFalse();
    }

    @Test
    void testHtpasswdHttp_asksForBasicOverPlainHttp() throws Exception {
        TestUser bob = TestUser.random("bob");
        try (RegistryServer registry = RegistryServer.htpasswdHttp(bob)) {
            OkHttpClient client = registry.clientBuilder().build();
            try (Response response = get(client, registry.baseUrl() + "/v2/", null)) {
                assertThat(response.code()).isEqualTo(401);
            }
            try (Response response = get(client, registry.baseUrl() + "/v2/", Credentials.basic("bob", bob.password()))) {
                assertThat(response.code()).isEqualTo(200);
            }
        }
    }

    @Test
    void testTokenTls_challengesWithTheTokenServersRealm() throws Exception {
        ProcessHandle handle;
        int port;
        try (TokenServer tokens = TokenServer.start();
                RegistryServer registry = RegistryServer.tokenTls(tokens)) {
            handle = ProcessHandle.of(registry.pid()).orElseThrow();
            port = registry.port();
            System.out.println("token tls registry started in " + registry.startDuration().toMillis() + " ms");
            try (Response response = get(registry.clientBuilder().build(), registry.baseUrl() + "/v2/", null)) {
                assertThat(response.code()).isEqualTo(401);
                assertThat(response.header("WWW-Authenticate"))
                        .isEqualTo("Bearer realm=\"" + tokens.realm() + "\",service=\"" + tokens.service() + "\"");
            }
        }
        assertThat(handle.isAlive()).isFalse();
        assertThat(FreePort.isListening(port)).isFalse();
    }

    @Test
    void testBrokenConfig_failsWithTheRegistryLogInTheMessage() throws Exception {
        try (TokenServer tokens = TokenServer.start()) {
            Files.writeString(tokens.rootCertBundle(), "not a certificate\n");
            long registriesBefore = registryProcessCount();
            assertThatThrownBy(() -> RegistryServer.tokenTls(tokens))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not start; its log:")
                    .hasMessageContaining("token signing root certificate");
            assertThat(registryProcessCount()).isEqualTo(registriesBefore);
        }
    }

    @Test
    void testNoSecretInAnyProcessArgumentOrEnvironment() throws Exception {
        TestUser carol = TestUser.random("carol");
        TestUser dave = TestUser.random("dave");
        try (RegistryServer basic = RegistryServer.htpasswdTls(carol);
                TokenServer tokens = TokenServer.start();
                RegistryServer token = RegistryServer.tokenTls(tokens.addPuller(dave, "team/app"))) {
            for (RegistryServer registry : List.of(basic, token)) {
                for (String file : List.of("cmdline", "environ")) {
                    byte[] content = Files.readAllBytes(Path.of("/proc", Long.toString(registry.pid()), file));
                    String text = new String(content, java.nio.charset.StandardCharsets.UTF_8);
                    assertThat(text).doesNotContain(carol.password()).doesNotContain(dave.password());
                }
                try (var files = Files.walk(registry.rootDir())) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        assertThat(Files.readString(file)).doesNotContain(carol.password())
                                .doesNotContain(dave.password());
                    }
                }
            }
        }
    }

    private static long registryProcessCount() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().orElse("").equals(RegistryServer.BINARY)).count();
    }

    static Response get(OkHttpClient client, String url, String authorization) throws java.io.IOException {
        Request.Builder request = new Request.Builder().url(url);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.newCall(request.build()).execute();
    }
}
