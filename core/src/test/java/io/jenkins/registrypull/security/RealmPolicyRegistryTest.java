package io.jenkins.registrypull.security;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.InsecureConnectionException;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestCa;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenServer;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where credentials may go, against the real registry with token auth: the registry names the token realm, so a
 * misconfigured or hostile registry could name any URL. Credentials go to an https realm only (to an http one only
 * for a registry explicitly marked insecure, on that registry's host), never to link-local or cloud metadata
 * addresses, and a token request is never redirected. Each refusal happens before any request reaches the realm.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealmPolicyRegistryTest {

    private final TestUser alice = TestUser.randomWithSymbols("alice");
    private final BuiltImage image = TestImages.small(ManifestFormat.DOCKER, Platform.LINUX_AMD64);
    private final TestCa ca = TestCa.create();
    private TokenServer httpsTokens;
    private TokenServer httpTokens;
    private MockWebServer redirectingRealm;
    private MockWebServer thief;
    private final List<RegistryServer> registries = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    void start() throws Exception {
        httpsTokens = TokenServer.start(ca);
        httpTokens = TokenServer.builder(ca).plainHttp().start();
        for (TokenServer tokens : List.of(httpsTokens, httpTokens)) {
            tokens.addPuller(alice, "team/app");
        }
        thief = new MockWebServer();
        thief.useHttps(ca.serverCertificates().sslSocketFactory(), false);
        thief.start(InetAddress.getByName("127.0.0.1"), 0);
        redirectingRealm = new MockWebServer();
        redirectingRealm.useHttps(ca.serverCertificates().sslSocketFactory(), false);
        redirectingRealm.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest request) {
                return new MockResponse().setResponseCode(307).setHeader("Location",
                        "https://127.0.0.1:" + thief.getPort() + "/collect");
            }
        });
        redirectingRealm.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterAll
    void stop() throws Exception {
        registries.forEach(RegistryServer::close);
        httpsTokens.close();
        httpTokens.close();
        redirectingRealm.shutdown();
        thief.shutdown();
    }

    private RegistryServer registry(RegistryServer.Builder builder) {
        RegistryServer registry = builder.start();
        registries.add(registry);
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushImage("team/app", "1", image);
        }
        return registry;
    }

    private PullResult pull(RegistryServer registry, boolean insecure) throws Exception {
        PullOptions options = PullOptions.builder().image(registry.hostPort() + "/team/app:1")
                .credential(Credential.usernamePassword(alice.username(), SecretValue.ofString(alice.password())))
                .caCertificatePem(ca.caCertificatePem()).insecure(insecure).storeDir(tmp.resolve("store"))
                .sink(new OciLayoutSink(tmp.resolve("out"), null, new JsonTrees())).build();
        try (PullEngine engine = new PullEngine()) {
            return engine.pull(options, PullListener.NONE);
        }
    }

    @Test
    void testHttpsRegistry_httpsRealm_credentialsGoThere() throws Exception {
        httpsTokens.requests().clear();
        PullResult result = pull(registry(RegistryServer.builder().tls(ca).token(httpsTokens)), false);
        assertThat(result.manifestDigest().toString()).isEqualTo(image.manifestDigest());
        assertThat(httpsTokens.requests().all()).extracting(r -> r.method() + " " + r.grantType() + " " + r.status())
                .containsExactly("POST password 200");
        assertThat(httpsTokens.requests().anySecretInUrl()).isFalse();
    }

    @Test
    void testHttpsRegistry_plainHttpRealm_refusedBeforeAnyRequest() {
        httpTokens.requests().clear();
        RegistryServer registry = registry(RegistryServer.builder().tls(ca).token(httpTokens));
        assertThatThrownBy(() -> pull(registry, false))
                .isInstanceOf(InsecureConnectionException.class)
                .hasMessageContaining("is served over https but its token realm " + httpTokens.realm()
                        + " is plain http; credentials are not sent over plain http")
                .hasMessageNotContaining(alice.password());
        assertThat(httpTokens.requests().all()).isEmpty();
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void testInsecurePlainHttpRegistry_plainHttpRealmOnItsHost_allowed() throws Exception {
        httpTokens.requests().clear();
        RegistryServer registry = registry(RegistryServer.builder().token(httpTokens));
        assertThat(pull(registry, true).manifestDigest().toString()).isEqualTo(image.manifestDigest());
        assertThat(httpTokens.requests().successfulCount()).isEqualTo(1);
    }

    @Test
    void testInsecurePlainHttpRegistry_plainHttpRealmOnAnotherHost_refused() {
        httpTokens.requests().clear();
        String otherHost = "http://localhost:" + httpTokens.port() + TokenServer.PATH;
        RegistryServer registry = registry(RegistryServer.builder().token(httpTokens).realm(otherHost));
        assertThatThrownBy(() -> pull(registry, true))
                .isInstanceOf(InsecureConnectionException.class)
                .hasMessageContaining("named the plain-http token realm " + otherHost + " on another host")
                .hasMessageContaining("Serve the token realm over https");
        assertThat(httpTokens.requests().all()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://169.254.169.254/latest/api/token", "https://[fd00:ec2::254]/latest/api/token",
            "https://169.254.170.2/v2/credentials", "https://[fe80::a9fe:a9fe]/token"})
    void testMetadataOrLinkLocalRealm_refusedWithAClearMessage(String realm) {
        RegistryServer registry = registry(RegistryServer.builder().tls(ca).token(httpsTokens).realm(realm));
        assertThatThrownBy(() -> pull(registry, false))
                .isInstanceOf(InsecureConnectionException.class)
                .hasMessageContaining("named the token realm " + realm.replace("[fd00:ec2::254]", "[fd00:ec2::254]"))
                .hasMessageContaining("a link-local or cloud metadata address; it is never contacted");
    }

    @Test
    void testRealmRedirectsElsewhere_credentialsNeverFollow() {
        int before = redirectingRealm.getRequestCount();
        RegistryServer registry = registry(RegistryServer.builder().tls(ca).token(httpsTokens)
                .realm("https://localhost:" + redirectingRealm.getPort() + "/token"));
        assertThatThrownBy(() -> pull(registry, false))
                .isInstanceOf(io.jenkins.registrypull.error.RedirectRefusedException.class)
                .hasMessageContaining("The token server answered HTTP 307, a redirect to https://127.0.0.1:"
                        + thief.getPort() + "/collect,")
                .hasMessageContaining("Token requests carry credentials, so they are not redirected")
                .hasMessageNotContaining(alice.password());
        // the password grant (POST) and then the Basic GET were both answered with a redirect; neither was followed
        assertThat(redirectingRealm.getRequestCount() - before).isEqualTo(2);
        assertThat(thief.getRequestCount()).isZero();
    }
}
