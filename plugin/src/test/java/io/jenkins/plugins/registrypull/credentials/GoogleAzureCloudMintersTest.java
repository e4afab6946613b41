package io.jenkins.plugins.registrypull.credentials;

import io.jenkins.registrypull.json.JsonTrees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.util.Secret;
import io.jenkins.plugins.registrypull.testing.CloudTestCredentials;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.error.UnauthorizedException;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.FakeAcrExchange;
import io.jenkins.registrypull.testkit.FakeEntra;
import io.jenkins.registrypull.testkit.FakeGceMetadata;
import io.jenkins.registrypull.testkit.FakeGoogleTokenEndpoint;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.SecretScan;
import io.jenkins.registrypull.testkit.SecretScanner;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.tls.HeldCertificate;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Google and Azure logins resolved on the controller mint on the agent through the engine: a service-account key
 * against the fake Google token endpoint (which checks the JWT's signature), a service principal through the fake
 * Entra and ACR exchange, and the agent's identity through the fake metadata server and managed identity endpoint.
 * A real registry (token auth) that knows only what the fakes issued pulls with the minted login.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoogleAzureCloudMintersTest {
    private static final String AZURE_PRINCIPAL = "acr-puller";
    private static final String GOOGLE_USER = "oauth2accesstoken";
    private static final String GAR = "europe-west1-docker.pkg.dev";

    private final BuiltImage image = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
    private final String azureSecret = "az~" + UUID.randomUUID();
    /** The certificate registered with the fake Entra for the service principal. */
    private final HeldCertificate azureCertificate = new HeldCertificate.Builder().rsa2048().commonName("acr-puller").build();
    private final Clock clock = Clock.systemUTC();
    private TokenServer tokens;
    private RegistryServer registry;
    private FakeGoogleTokenEndpoint google;
    private FakeGceMetadata metadata;
    private FakeEntra entra;
    private FakeAcrExchange acr;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        tokens = TokenServer.start();
        registry = RegistryServer.tokenTls(tokens);
        tokens.grant(GOOGLE_USER, "team/app", "pull");
        tokens.grant(AZURE_PRINCIPAL, "team/app", "pull");
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushImage("team/app", "1.0", image);
        }
        // the registry knows a Google access token only once Google issued it
        google = FakeGoogleTokenEndpoint.start(token -> tokens.addUser(new TestUser(GOOGLE_USER, token)));
        metadata = FakeGceMetadata.start(token -> tokens.addUser(new TestUser(GOOGLE_USER, token)));
        entra = FakeEntra.start(registry.ca(), azureSecret, azureCertificate.certificate());
        acr = FakeAcrExchange.start(registry, entra, AZURE_PRINCIPAL);
    }

    @AfterAll
    void stop() {
        acr.close();
        entra.close();
        metadata.close();
        google.close();
        registry.close();
        tokens.close();
    }

    private Credential mint(CloudLogin login, Map<String, String> env) throws Exception {
        return RegistryLogin.cloud(login).toCredential(
                new EngineCloudMinters(env, clock, registry.ca().caCertificatePem()), clock);
    }

    private String pull(Credential credential, String host, String out) throws Exception {
        try (PullEngine engine = new PullEngine()) {
            return engine.pull(PullOptions.builder().image(host + "/team/app:1.0").credential(credential)
                    .caCertificatePem(registry.ca().caCertificatePem()).storeDir(tmp.resolve("store-" + out))
                    .sink(new OciLayoutSink(tmp.resolve(out), null, new JsonTrees())).build(), PullListener.NONE)
                    .manifestDigest().toString();
        }
    }

    private static String last(List<String> issued) {
        return issued.get(issued.size() - 1);
    }

    @Test
    void testGoogleKey_mintsTheAccessTokenTheRegistryAccepts() throws Exception {
        CloudLogin login = CloudLogin.google(GAR, Secret.fromString(google.keyJson()), "credentials 'gar'");
        try (Credential credential = mint(login, Map.of())) {
            Credential.UsernamePassword up = (Credential.UsernamePassword) credential.current();
            assertThat(up.username()).isEqualTo(GOOGLE_USER);
            assertThat(up.password().reveal()).isEqualTo(last(google.issuedTokens()));
            assertThat(pull(credential, registry.hostPort(), "google-key")).isEqualTo(image.manifestDigest());
        }
    }

    @Test
    void testGoogleAgentIdentity_mintsFromTheMetadataServer() throws Exception {
        CloudLogin login = CloudLogin.agentIdentity(Cloud.GOOGLE, GAR);
        try (Credential credential = mint(login, Map.of("GCE_METADATA_HOST", metadata.hostPort()))) {
            Credential.UsernamePassword up = (Credential.UsernamePassword) credential.current();
            assertThat(up.password().reveal()).isEqualTo(last(metadata.issuedTokens()));
            assertThat(pull(credential, registry.hostPort(), "google-agent")).isEqualTo(image.manifestDigest());
        }
    }

    @Test
    void testGoogleDeletedKey_failsWithGooglesErrorAndNoKey() throws Exception {
        String unknown = google.unknownKeyJson();
        try (Credential credential = mint(CloudLogin.google(GAR, Secret.fromString(unknown), "credentials 'gar'"), Map.of())) {
            assertThatThrownBy(credential::current).isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("invalid_grant").hasMessageContaining(google.clientEmail())
                    .hasMessageNotContaining("PRIVATE KEY");
        }
    }

    @Test
    void testGoogleMalformedKey_refusedBeforeAnyNetworkCall() {
        int issued = google.issuedTokens().size();
        CloudLogin login = CloudLogin.google(GAR, Secret.fromString("{\"type\":\"authorized_user\"}"), "credentials 'gar'");
        assertThatThrownBy(() -> mint(login, Map.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("service_account");
        assertThat(google.issuedTokens()).hasSize(issued);
    }

    @Test
    void testAzureServicePrincipal_mintsTheAcrRefreshTokenTheRegistryAccepts() throws Exception {
        CloudLogin login = CloudLogin.azure(acr.hostPort(), entra.tenantId(), Secret.fromString(entra.clientId()),
                Secret.fromString(azureSecret), "credentials 'acr'");
        try (Credential credential = mint(login, Map.of("AZURE_AUTHORITY_HOST", entra.authorityHost()))) {
            String refresh = ((Credential.IdentityToken) credential.current()).refreshToken().reveal();
            assertThat(acr.issuedRefreshTokens()).contains(refresh);
            assertThat(pull(credential, acr.hostPort(), "azure-sp")).isEqualTo(image.manifestDigest());
        }
    }

    /** A Jenkins Certificate credential (PKCS#12 keystore) with {@code held}, as the controller turns it into PEM. */
    private CloudLogin azureCertificateLogin(HeldCertificate held) throws Exception {
        Secret pem = AzureCertificatePem.of(CloudTestCredentials.certificate("cert", held, "changeit"), "acr", "cert");
        return CloudLogin.azureCertificate(acr.hostPort(), entra.tenantId(), Secret.fromString(entra.clientId()), pem,
                "credentials 'acr'");
    }

    @Test
    void testAzureCertificatePrincipal_mintsTheAcrRefreshTokenTheRegistryAccepts() throws Exception {
        try (Credential credential = mint(azureCertificateLogin(azureCertificate),
                Map.of("AZURE_AUTHORITY_HOST", entra.authorityHost()))) {
            String refresh = ((Credential.IdentityToken) credential.current()).refreshToken().reveal();
            assertThat(acr.issuedRefreshTokens()).contains(refresh);
            assertThat(pull(credential, acr.hostPort(), "azure-cert")).isEqualTo(image.manifestDigest());
        }
    }

    @Test
    void testAzureWrongCertificate_failsWithEntrasError() throws Exception {
        HeldCertificate other = new HeldCertificate.Builder().rsa2048().build();
        try (Credential credential = mint(azureCertificateLogin(other), Map.of("AZURE_AUTHORITY_HOST", entra.authorityHost()))) {
            assertThatThrownBy(credential::current).isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("AADSTS700027").hasMessageNotContaining("PRIVATE KEY");
        }
    }

    @Test
    void testAzureAgentIdentity_mintsFromTheManagedIdentityEndpoint() throws Exception {
        CloudLogin login = CloudLogin.agentIdentity(Cloud.AZURE, acr.hostPort());
        Map<String, String> env = Map.of("IDENTITY_ENDPOINT", entra.identityEndpoint(),
                "IDENTITY_HEADER", entra.identityHeader());
        try (Credential credential = mint(login, env)) {
            String refresh = ((Credential.IdentityToken) credential.current()).refreshToken().reveal();
            assertThat(acr.issuedRefreshTokens()).contains(refresh);
            assertThat(pull(credential, acr.hostPort(), "azure-mi")).isEqualTo(image.manifestDigest());
        }
    }

    @Test
    void testAzureWrongSecret_failsWithEntrasErrorAndNoSecret() throws Exception {
        String wrong = "wrong~" + UUID.randomUUID();
        CloudLogin login = CloudLogin.azure(acr.hostPort(), entra.tenantId(), Secret.fromString(entra.clientId()),
                Secret.fromString(wrong), "credentials 'acr'");
        try (Credential credential = mint(login, Map.of("AZURE_AUTHORITY_HOST", entra.authorityHost()))) {
            assertThatThrownBy(credential::current).isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("AADSTS7000215").hasMessageNotContaining(wrong);
        }
    }

    @Test
    void testAzureBadTenant_refusedBeforeAnyNetworkCall() {
        int issued = entra.issuedTokens().size();
        CloudLogin login = CloudLogin.azure(acr.hostPort(), "bad tenant/../x", Secret.fromString(entra.clientId()),
                Secret.fromString(azureSecret), "credentials 'acr'");
        assertThatThrownBy(() -> mint(login, Map.of("AZURE_AUTHORITY_HOST", entra.authorityHost())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("tenant id")
                .hasMessageNotContaining(azureSecret);
        assertThat(entra.issuedTokens()).hasSize(issued);
    }

    @Test
    void testMintedLoginsAndRefusals_leaveNoSecretOnDiskInMessagesOrCommandLines() throws Exception {
        String googleKey = privateKeyLine(google.keyJson());
        String unknownKey = privateKeyLine(google.unknownKeyJson());
        String wrong = "wrong~" + UUID.randomUUID();
        List<Throwable> failures = new java.util.ArrayList<>();
        try (Credential credential = mint(CloudLogin.google(GAR, Secret.fromString(google.keyJson()), "credentials 'gar'"), Map.of())) {
            pull(credential, registry.hostPort(), "leak-google");
        }
        try (Credential credential = mint(CloudLogin.azure(acr.hostPort(), entra.tenantId(),
                Secret.fromString(entra.clientId()), Secret.fromString(azureSecret), "credentials 'acr'"),
                Map.of("AZURE_AUTHORITY_HOST", entra.authorityHost()))) {
            pull(credential, acr.hostPort(), "leak-azure");
        }
        try (Credential credential = mint(azureCertificateLogin(azureCertificate),
                Map.of("AZURE_AUTHORITY_HOST", entra.authorityHost()))) {
            pull(credential, acr.hostPort(), "leak-azure-cert");
        }
        HeldCertificate unregistered = new HeldCertificate.Builder().rsa2048().build();
        try (Credential credential = mint(azureCertificateLogin(unregistered),
                Map.of("AZURE_AUTHORITY_HOST", entra.authorityHost()))) {
            failures.add(Assertions.catchThrowable(credential::current));
        }
        try (Credential credential = mint(CloudLogin.google(GAR, Secret.fromString(google.unknownKeyJson()), "credentials 'gar'"), Map.of())) {
            failures.add(Assertions.catchThrowable(credential::current));
        }
        try (Credential credential = mint(CloudLogin.azure(acr.hostPort(), entra.tenantId(),
                Secret.fromString(entra.clientId()), Secret.fromString(wrong), "credentials 'acr'"),
                Map.of("AZURE_AUTHORITY_HOST", entra.authorityHost()))) {
            failures.add(Assertions.catchThrowable(credential::current));
        }
        assertThat(failures).hasSize(3).allSatisfy(t -> assertThat(t).isInstanceOf(UnauthorizedException.class));

        SecretScan scan = SecretScanner.builder().secret("Google private key", googleKey)
                .secret("deleted Google private key", unknownKey).secret("Azure client secret", azureSecret)
                .secret("wrong Azure client secret", wrong)
                .secret("Azure certificate private key", keyLine(azureCertificate))
                .secret("unregistered Azure certificate private key", keyLine(unregistered)).build().newScan();
        for (Throwable t : failures) {
            scan.throwable("failure", t);
        }
        scan.tree(tmp).allProcesses().assertClean();
        assertThat(scan.filesScanned()).isPositive();
    }

    /** 64 characters from the middle of the certificate's PKCS#8 private key, as base64 in its PEM. */
    private static String keyLine(HeldCertificate held) {
        String line = held.privateKeyPkcs8Pem().split("\n")[2];
        assertThat(line).hasSize(64);
        return line;
    }

    /**
     * A line from the middle of the key's PEM private key: any leak of the key holds it whole, whether the PEM is
     * written as is or JSON-escaped (with {@code \n} between the lines).
     */
    private static String privateKeyLine(String keyJson) throws Exception {
        String pem = new ObjectMapper().readTree(keyJson).get("private_key").asText();
        String line = pem.split("\n")[2];
        assertThat(line).hasSizeGreaterThan(40).doesNotContain("-----");
        return line;
    }
}
