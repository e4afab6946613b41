package io.jenkins.registrypull.cloud.azure;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.credential.MintedCredential;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.error.UnauthorizedException;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.FakeAcrExchange;
import io.jenkins.registrypull.testkit.FakeEntra;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TokenServer;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Azure Container Registry end to end: an Entra token from a service principal (secret or certificate, through
 * MSAL4J) or a managed identity, exchanged at the registry's {@code /oauth2/exchange} for a refresh token that the
 * real registry's token server accepts, and nothing else does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AzureRegistryPullTest {

    private static final String PRINCIPAL = "acr-puller";
    private final BuiltImage image = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
    private final String secret = "s3cr3t~" + java.util.UUID.randomUUID();
    private final HeldCertificate certificate = new HeldCertificate.Builder().rsa2048().commonName("ci-puller").build();
    private TokenServer tokens;
    private RegistryServer registry;
    private FakeEntra entra;
    private FakeAcrExchange acr;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        tokens = TokenServer.start();
        registry = RegistryServer.tokenTls(tokens);
        tokens.grant(PRINCIPAL, "team/app", "pull");
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushImage("team/app", "1.0", image);
        }
        entra = FakeEntra.start(registry.ca(), secret, certificate.certificate());
        acr = FakeAcrExchange.start(registry, entra, PRINCIPAL);
    }

    @AfterAll
    void stop() {
        acr.close();
        entra.close();
        registry.close();
        tokens.close();
    }

    private Map<String, String> env() {
        return Map.of("AZURE_AUTHORITY_HOST", entra.authorityHost());
    }

    private CredentialMinter minter(AzureIdentity identity, Map<String, String> env) throws InvalidInputException {
        return AzureMinters.forRegistry(acr.hostPort(), identity, env, registry.ca().caCertificatePem());
    }

    private PullResult pull(Credential credential, String out) throws Exception {
        try (PullEngine engine = new PullEngine()) {
            return engine.pull(PullOptions.builder().image(acr.hostPort() + "/team/app:1.0")
                    .credential(credential).caCertificatePem(registry.ca().caCertificatePem())
                    .storeDir(tmp.resolve("store-" + out))
                    .sink(new OciLayoutSink(tmp.resolve(out), null, new JsonTrees())).build(), PullListener.NONE);
        }
    }

    @Test
    void testClientSecret_entraTokenExchangedForRefreshTokenTheRegistryAccepts() throws Exception {
        try (CredentialMinter minter = minter(AzureIdentity.clientSecret(entra.tenantId(), entra.clientId(),
                SecretValue.ofString(secret)), env())) {
            MintedCredential minted = minter.mint();

            assertThat(minted.credential()).isInstanceOf(Credential.IdentityToken.class);
            String refresh = ((Credential.IdentityToken) minted.credential()).refreshToken().reveal();
            assertThat(acr.issuedRefreshTokens()).contains(refresh);
            assertThat(entra.issuedTokens()).doesNotContain(refresh);
            assertThat(minter.describe()).contains(entra.clientId()).contains(acr.hostPort()).doesNotContain(secret);

            PullResult result = pull(minted.credential(), "secret");
            assertThat(result.manifestDigest().toString()).isEqualTo(image.manifestDigest());
        }
    }

    @Test
    void testClientCertificate_assertionSignedWithTheKey() throws Exception {
        String pem = certificate.certificatePem() + certificate.privateKeyPkcs8Pem();
        try (CredentialMinter minter = minter(AzureIdentity.clientCertificate(entra.tenantId(), entra.clientId(),
                SecretValue.ofString(pem)), env())) {
            PullResult result = pull(minter.mint().credential(), "certificate");
            assertThat(result.manifestDigest().toString()).isEqualTo(image.manifestDigest());
        }
    }

    @Test
    void testWrongSecret_namesEntrasError() throws Exception {
        try (CredentialMinter minter = minter(AzureIdentity.clientSecret(entra.tenantId(), entra.clientId(),
                SecretValue.ofString("not-the-secret")), env())) {
            assertThatThrownBy(minter::mint).isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("AADSTS7000215")
                    .hasMessageContaining("invalid_client")
                    .hasMessageContaining("AcrPull")
                    .hasMessageNotContaining("not-the-secret")
                    .hasMessageNotContaining("Trace ID");
        }
    }

    @Test
    void testUnregisteredCertificate_namesEntrasError() throws Exception {
        HeldCertificate other = new HeldCertificate.Builder().rsa2048().build();
        try (CredentialMinter minter = minter(AzureIdentity.clientCertificate(entra.tenantId(), entra.clientId(),
                SecretValue.ofString(other.certificatePem() + other.privateKeyPkcs8Pem())), env())) {
            assertThatThrownBy(minter::mint).isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("AADSTS700027");
        }
    }

    @Test
    void testManagedIdentity_identityEndpointWithItsHeader() throws Exception {
        Map<String, String> env = Map.of("IDENTITY_ENDPOINT", entra.identityEndpoint(),
                "IDENTITY_HEADER", entra.identityHeader());
        try (CredentialMinter minter = minter(AzureIdentity.managedIdentity(null), env)) {
            assertThat(minter.describe()).contains("managed identity");
            PullResult result = pull(minter.mint().credential(), "managed");
            assertThat(result.manifestDigest().toString()).isEqualTo(image.manifestDigest());
        }
        Map<String, String> wrongHeader = Map.of("IDENTITY_ENDPOINT", entra.identityEndpoint(),
                "IDENTITY_HEADER", "guessed");
        try (CredentialMinter minter = minter(AzureIdentity.managedIdentity(null), wrongHeader)) {
            assertThatThrownBy(minter::mint).isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("managed identity").hasMessageNotContaining("guessed");
        }
    }

    @Test
    void testExchange_refusesATokenEntraDidNotIssue() throws Exception {
        AcrExchange exchange = new AcrExchange(acr.hostPort(),
                io.jenkins.registrypull.cloud.CloudHttpClient.create(registry.ca().caCertificatePem()));
        try (EntraToken forged = new EntraToken(SecretValue.ofString("eyJ.forged.token"), java.time.Instant.now())) {
            assertThatThrownBy(() -> exchange.exchange(forged, entra.tenantId()))
                    .isInstanceOf(UnauthorizedException.class).hasMessageContaining("AcrPull")
                    .hasMessageNotContaining("forged");
        }
        assertThat(acr.refusals()).isNotEmpty();
    }

    @Test
    void testInputs_checkedBeforeAnyNetworkCall() {
        int issued = entra.issuedTokens().size();
        assertThatThrownBy(() -> minter(AzureIdentity.clientSecret("bad tenant/../x", entra.clientId(),
                SecretValue.ofString(secret)), env())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tenant id");
        assertThatThrownBy(() -> minter(AzureIdentity.clientSecret(entra.tenantId(), entra.clientId(),
                SecretValue.ofString(secret)), Map.of("AZURE_AUTHORITY_HOST", "http://login.example.com")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("AZURE_AUTHORITY_HOST");
        assertThatThrownBy(() -> minter(AzureIdentity.clientCertificate(entra.tenantId(), entra.clientId(),
                SecretValue.ofString(certificate.certificatePem())), env()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("PRIVATE KEY");
        assertThat(entra.issuedTokens()).hasSize(issued);
    }

    @Test
    void testHostPatterns() {
        assertThat(AzureMinters.isAzureRegistry("myteam.azurecr.io")).isTrue();
        assertThat(AzureMinters.isAzureRegistry("MyTeam.AzureCR.io:443")).isTrue();
        assertThat(AzureMinters.isAzureRegistry("azurecr.io.evil.com")).isFalse();
        assertThat(AzureMinters.isAzureRegistry("evilazurecr.io")).isFalse();
    }
}
