package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.ChildJava;
import io.jenkins.registrypull.testkit.FakeAcrExchange;
import io.jenkins.registrypull.testkit.FakeEntra;
import io.jenkins.registrypull.testkit.FakeGoogleTokenEndpoint;
import io.jenkins.registrypull.testkit.Fault;
import io.jenkins.registrypull.testkit.FaultProxy;
import io.jenkins.registrypull.testkit.LeakRun;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.SecretScanner;
import io.jenkins.registrypull.testkit.TestCa;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code registry-pull pull --auth gcp|azure} end to end in a child JVM, against the cloud fakes and a real
 * token-auth registry that accepts only the minted credential; and no cloud secret anywhere: the Google private key,
 * every access token Google issued, the Entra client secret, every Entra token and ACR refresh token, and every
 * registry bearer token are searched for in the child's argv, environment, files, console and /tmp (zero hits).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudAuthCliTest {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final String ACR_PRINCIPAL = "acr-puller";

    private final TestCa ca = TestCa.create();
    private final String clientSecret = TestUser.randomWithSymbols("sp").password();
    private final String wrongClientSecret = TestUser.randomWithSymbols("wrong").password();
    private TokenServer tokens;
    private RegistryServer registry;
    private FaultProxy googleFront;
    private FakeGoogleTokenEndpoint google;
    private FakeEntra entra;
    private FakeAcrExchange acr;
    private Path caFile;
    private Path keyFile;
    private Path unknownKeyFile;

    @TempDir
    Path tmp;

    @BeforeAll
    void start(@TempDir Path inputs) throws IOException {
        tokens = TokenServer.start(ca);
        registry = RegistryServer.tokenTls(tokens);
        BuiltImage image = TestImages.big(inputs, ManifestFormat.OCI, 1, 256 * 1024);
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushImage("team/app", "1", image);
        }
        tokens.grant("oauth2accesstoken", "team/app", "pull");
        tokens.grant(ACR_PRINCIPAL, "team/app", "pull");
        google = FakeGoogleTokenEndpoint.start(token -> tokens.addUser(new TestUser("oauth2accesstoken", token)));
        entra = FakeEntra.start(ca, clientSecret, null);
        acr = FakeAcrExchange.start(registry, entra, ACR_PRINCIPAL);
        googleFront = FaultProxy.start(registry);
        // slow blobs: each pull lasts long enough for its processes to be sampled many times
        googleFront.inject(FaultProxy.isBlob(), new Fault.Slow(256 * 1024), Integer.MAX_VALUE);
        acr.front().inject(FaultProxy.isBlob(), new Fault.Slow(256 * 1024), Integer.MAX_VALUE);
        caFile = Files.writeString(inputs.resolve("ca.pem"), ca.caCertificatePem());
        // the key files are the user's own, outside every directory the scan covers
        keyFile = Files.writeString(inputs.resolve("key.json"), google.keyJson());
        unknownKeyFile = Files.writeString(inputs.resolve("deleted-key.json"), google.unknownKeyJson());
    }

    @AfterAll
    void stop() {
        googleFront.close();
        acr.close();
        entra.close();
        google.close();
        registry.close();
        tokens.close();
    }

    private LeakRun.Result run(String name, List<String> args, Map<String, String> env, String stdin)
            throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--ca-cert", caFile.toString(), "--debug", "--output",
                "oci:" + dir.resolve("workspace/out")));
        ChildJava.Builder child = ChildJava.builder(Main.class, dir).args(all);
        env.forEach(child::env);
        if (stdin != null) {
            child.stdin(stdin);
        }
        LeakRun.Result run = LeakRun.run(child, dir, RUN_TIMEOUT, this::scanner);
        assertClean(run);
        return run;
    }

    /** No hit but the user's own key files, which the child holds open while it reads them. */
    private void assertClean(LeakRun.Result run) {
        assertThat(run.scan().hits()).filteredOn(hit -> !isTheUsersKeyFile(hit.where()))
                .as("secrets outside the user's own key files").isEmpty();
    }

    private boolean isTheUsersKeyFile(String where) {
        return where.startsWith("open file " + keyFile + " of pid ")
                || where.startsWith("open file " + unknownKeyFile + " of pid ");
    }

    private SecretScanner scanner() {
        SecretScanner.Builder scanner = SecretScanner.builder()
                .secrets("a line of the Google private key", privateKeyLines(google.keyJson()))
                .secrets("a line of the deleted Google private key", privateKeyLines(google.unknownKeyJson()))
                .secrets("a Google access token", google.issuedTokens())
                .secret("the Entra client secret", clientSecret)
                .secret("the wrong Entra client secret", wrongClientSecret)
                .secrets("an Entra access token", entra.issuedTokens())
                .secrets("an ACR refresh token", acr.issuedRefreshTokens())
                .secrets("a registry bearer token", tokens.issuedTokens());
        return scanner.build();
    }

    /** The base64 lines of the PEM private key in a key file (each one random, long enough to search for). */
    private static List<String> privateKeyLines(String keyJson) {
        String pem = keyJson.substring(keyJson.indexOf("-----BEGIN PRIVATE KEY-----"),
                keyJson.indexOf("-----END PRIVATE KEY-----"));
        return List.of(pem.split("\\\\n")).stream().filter(l -> l.length() >= 32 && !l.startsWith("-----")).toList();
    }

    @Test
    void testGcpKeyFile_pullsAndLeavesNoSecret() throws Exception {
        LeakRun.Result run = run("gcp-key", List.of("pull", googleFront.hostPort() + "/team/app:1", "--auth", "gcp",
                "--gcp-key-file", keyFile.toString()), Map.of(), null);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("Credential: Google access token for the service account "
                + google.clientEmail());
        assertThat(run.stdout()).contains("\"manifestDigest\"");
        assertThat(run.sampler().rounds()).as("sampled while the pull ran").isGreaterThan(10);
        assertThat(run.scan().processesScanned()).as("every process of the machine").hasSizeGreaterThan(10);
    }

    @Test
    void testGcpDeletedKey_exit3NamingGooglesError() throws Exception {
        LeakRun.Result run = run("gcp-deleted-key", List.of("pull", googleFront.hostPort() + "/team/app:1",
                "--auth", "gcp", "--gcp-key-file", unknownKeyFile.toString()), Map.of(), null);

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.AUTH);
        assertThat(run.stderr()).contains("invalid_grant: Invalid JWT Signature.").contains(google.clientEmail());
    }

    @Test
    void testGoogleApplicationCredentials_usedInAutoModeOnlyForGoogleHosts() throws Exception {
        // 127.0.0.1 is not a Google host: auto mode pulls anonymously, which this registry refuses (exit 3)
        LeakRun.Result run = run("gcp-adc-auto", List.of("pull", googleFront.hostPort() + "/team/app:1"),
                Map.of("GOOGLE_APPLICATION_CREDENTIALS", keyFile.toString()), null);
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.AUTH);
        assertThat(run.stderr()).doesNotContain("Credential:");

        LeakRun.Result explicit = run("gcp-adc", List.of("pull", googleFront.hostPort() + "/team/app:1", "--auth",
                "gcp"), Map.of("GOOGLE_APPLICATION_CREDENTIALS", keyFile.toString()), null);
        assertThat(explicit.exitCode()).as(explicit.stderr()).isZero();
    }

    private Map<String, String> azureEnv() {
        return Map.of("AZURE_TENANT_ID", entra.tenantId(), "AZURE_CLIENT_ID", entra.clientId(),
                "AZURE_AUTHORITY_HOST", entra.authorityHost());
    }

    @Test
    void testAzureClientSecret_pullsAndLeavesNoSecret() throws Exception {
        LeakRun.Result run = run("azure-secret", List.of("pull", acr.hostPort() + "/team/app:1", "--auth", "azure",
                "--azure-client-secret-stdin"), azureEnv(), clientSecret);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("Credential: Azure Container Registry token for "
                + acr.hostPort()).as("MSAL's logging bound to nothing").doesNotContain("SLF4J");
        assertThat(acr.issuedRefreshTokens()).isNotEmpty();
        assertThat(run.sampler().rounds()).as("sampled while the pull ran").isGreaterThan(10);
    }

    @Test
    void testAzureWrongSecret_exit3NamingEntrasError() throws Exception {
        LeakRun.Result run = run("azure-wrong-secret", List.of("pull", acr.hostPort() + "/team/app:1", "--auth",
                "azure", "--azure-client-secret-stdin"), azureEnv(), wrongClientSecret);

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.AUTH);
        assertThat(run.stderr()).contains("AADSTS7000215").contains("AcrPull");
    }

    @Test
    void testAzureManagedIdentity_pulls() throws Exception {
        LeakRun.Result run = run("azure-managed", List.of("pull", acr.hostPort() + "/team/app:1", "--auth", "azure"),
                Map.of("IDENTITY_ENDPOINT", entra.identityEndpoint(), "IDENTITY_HEADER", entra.identityHeader()),
                null);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("managed identity");
    }

    @Test
    void testAuthExecGcp_skopeoInsideGetsTheMintedToken() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("auth-exec-gcp"));
        String registryHost = googleFront.hostPort();
        String script = "skopeo --insecure-policy inspect --cert-dir \"$DOCKER_CONFIG/certs.d/" + registryHost
                + "\" docker://" + registryHost + "/team/app:1 >/dev/null && echo inspected";
        int issued = google.issuedTokens().size();
        LeakRun.Result run = LeakRun.run(ChildJava.builder(Main.class, dir).args("auth-exec", "--registry",
                registryHost, "--auth", "gcp", "--gcp-key-file", keyFile.toString(), "--ca-cert", caFile.toString(),
                "--", "/bin/sh", "-c", script), dir, RUN_TIMEOUT, this::scanner);

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("inspected");
        assertThat(run.stderr()).contains("credential for " + registryHost + ": Google access token");
        assertThat(google.issuedTokens()).hasSizeGreaterThan(issued);
        assertClean(run);
    }

    @Test
    void testBadInputs_exit2BeforeAnyNetworkCall() {
        int issued = google.issuedTokens().size();
        assertThat(Main.run("pull", "europe-docker.pkg.dev/p/r/app:1", "--output", "oci:/tmp/none", "--auth",
                "aws-or-so")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "europe-docker.pkg.dev/p/r/app:1", "--output", "oci:/tmp/none", "--auth", "gcp",
                "--username", "u", "--password-stdin")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "reg.example.com/app:1", "--output", "oci:/tmp/none", "--gcp-key-file",
                keyFile.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "reg.example.com/app:1", "--output", "oci:/tmp/none", "--auth", "gcp",
                "--gcp-key-file", tmp.resolve("missing.json").toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("auth-exec", "--registry", "reg.example.com", "--", "true"))
                .as("auth-exec without a secret or a cloud").isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(google.issuedTokens()).hasSize(issued);
    }
}
