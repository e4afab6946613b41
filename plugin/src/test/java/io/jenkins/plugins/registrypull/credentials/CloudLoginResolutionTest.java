package io.jenkins.plugins.registrypull.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.AbortException;
import io.jenkins.plugins.registrypull.testing.CloudTestCredentials;
import io.jenkins.plugins.registrypull.testing.TestCredentials;
import io.jenkins.registrypull.reference.ImageReference;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInJob;
import io.jenkins.registrypull.standin.StandInRun;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials of the cloud plugins (aws-credentials, azure-credentials) and Google service-account keys become a
 * {@link CloudLogin} on the controller, for their cloud's registries only, or fail clearly before any network call.
 */
class CloudLoginResolutionTest {
    private static final String ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1";
    private static final String ACR = "myreg.azurecr.io/team/app:1";
    private static final String GAR = "europe-docker.pkg.dev/proj/repo/app:1";
    private static final String GOOGLE_KEY = "{\"type\": \"service_account\", \"client_email\": \"ci@proj.iam.gserviceaccount.com\","
            + " \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQ-google-key-body\\n-----END PRIVATE KEY-----\\n\"}";

    @TempDir
    Path home;
    private StandInRun run;
    private RegistryCredentialsResolver resolver;

    @BeforeEach
    void start() throws Exception {
        StandIn.reset();
        StandIn.startJenkins(home.toFile());
        TestCredentials.registerDescriptors();
        // As Jenkins does where aws-credentials and azure-credentials are installed (@OptionalExtension).
        StandIn.register(CloudCredentialType.class, new AwsCredentialType());
        StandIn.register(CloudCredentialType.class, new AzureCredentialType());
        run = StandInJob.create("app").newRun();
        resolver = new RegistryCredentialsResolver(run);
    }

    @AfterEach
    void stop() {
        StandIn.reset();
    }

    private RegistryLogin resolve(String id, String image) throws Exception {
        return resolver.resolveLogin(id, ImageReference.parse(image), false);
    }

    private boolean tracked(StandardCredentials c) throws Exception {
        return CredentialsProvider.getOrCreateFingerprintOf(c).getRangeSet("app").includes(run.getNumber());
    }

    @Test
    void testAwsKeys_forEcr_becomeACloudLoginWithTheKeys() throws Exception {
        StandardCredentials c = CloudTestCredentials.awsKeys("ecr", "AKIAEXAMPLEKEY000001", "aws-secret-key-value");
        RegistryLogin login = resolve("ecr", ECR);

        assertThat(login.kind()).isEqualTo(RegistryLogin.Kind.CLOUD);
        CloudLogin cloud = login.cloud();
        assertThat(cloud.cloud()).isEqualTo(Cloud.AWS);
        assertThat(cloud.registry()).isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com");
        assertThat(cloud.isAgentIdentity()).isFalse();
        assertThat(cloud.key().getPlainText()).isEqualTo("AKIAEXAMPLEKEY000001");
        assertThat(cloud.secret().getPlainText()).isEqualTo("aws-secret-key-value");
        assertThat(cloud.sessionToken()).isNull();
        assertThat(login.describe()).isEqualTo("Amazon ECR login minted from credentials 'ecr'");
        assertThat(login.toString()).doesNotContain("aws-secret-key-value");
        assertThat(tracked(c)).as("use tracked on the build").isTrue();
    }

    @Test
    void testAwsRole_theControllersSessionCredentialsTravel_notTheLongTermKeys() throws Exception {
        CloudTestCredentials.awsRole("ecr-role", "ASIASESSIONKEY000001", "session-secret-value", "session-token-value");
        RegistryLogin login = resolve("ecr-role", "public.ecr.aws/team/app:1");

        CloudLogin cloud = login.cloud();
        assertThat(cloud.cloud()).isEqualTo(Cloud.AWS);
        assertThat(cloud.key().getPlainText()).isEqualTo("ASIASESSIONKEY000001");
        assertThat(cloud.secret().getPlainText()).isEqualTo("session-secret-value");
        assertThat(cloud.sessionToken().getPlainText()).isEqualTo("session-token-value");
        assertThat(login.describe()).contains("session credentials of its IAM role");
        assertThat(login.secretTexts()).contains("session-secret-value", "session-token-value");
        String shown = login + " " + login.describe() + " " + cloud;
        assertThat(shown).doesNotContain("session-secret-value").doesNotContain("session-token-value");
        assertThat(login.mask("AWS said session-secret-value and session-token-value"))
                .isEqualTo("AWS said **** and ****");
    }

    @Test
    void testAwsKeys_forAnotherRegistry_refusedNamingEcr() throws Exception {
        CloudTestCredentials.awsKeys("ecr", "AKIAEXAMPLEKEY000001", "aws-secret-key-value");
        assertThatThrownBy(() -> resolve("ecr", "ghcr.io/team/app:1"))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("credentials 'ecr' are AWS Credentials, which log in to Amazon ECR only")
                .hasMessageContaining("ghcr.io");
    }

    @Test
    void testAwsRoleRefused_namesTheAwsErrorAndWhatToCheck() throws Exception {
        CloudTestCredentials.awsFailing("ecr", new IllegalStateException(
                "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:AssumeRole (AccessDenied)"));
        assertThatThrownBy(() -> resolve("ecr", ECR))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("AccessDenied")
                .hasMessageContaining("sts:AssumeRole, the role's trust policy");
    }

    @Test
    void testAwsCredentialWithoutKeys_pointsToAgentIdentity() throws Exception {
        CloudTestCredentials.awsWithoutKeys("empty");
        assertThatThrownBy(() -> resolve("empty", ECR))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("hold no access key")
                .hasMessageContaining("'agent-identity'");
    }

    @Test
    void testAzureServicePrincipal_forAcr() throws Exception {
        StandardCredentials c = CloudTestCredentials.azure("acr", "tenant-id", "client-id", "azure-client-secret");
        RegistryLogin login = resolve("acr", ACR);

        CloudLogin cloud = login.cloud();
        assertThat(cloud.cloud()).isEqualTo(Cloud.AZURE);
        assertThat(cloud.tenant()).isEqualTo("tenant-id");
        assertThat(cloud.key().getPlainText()).isEqualTo("client-id");
        assertThat(cloud.secret().getPlainText()).isEqualTo("azure-client-secret");
        assertThat(login.toString()).doesNotContain("azure-client-secret");
        assertThat(tracked(c)).isTrue();
    }

    @Test
    void testAzureSecretAndCertificate_theSecretWins_asInTheAzurePlugin() throws Exception {
        CloudTestCredentials.azure("acr", "tenant-id", "client-id", "azure-client-secret").setCertificateId("cert");
        CloudLogin cloud = resolve("acr", ACR).cloud();
        assertThat(cloud.secret().getPlainText()).isEqualTo("azure-client-secret");
        assertThat(cloud.certificatePem()).isNull();
    }

    @Test
    void testAzureCertificatePrincipal_theKeystoreTravelsAsPem() throws Exception {
        HeldCertificate held = new HeldCertificate.Builder().rsa2048().commonName("acr-puller").build();
        StandardCredentials principal = CloudTestCredentials.azureCertificate("acr", "tenant-id", "client-id", "cert");
        StandardCredentials certificate = CloudTestCredentials.addCertificate("cert", held, "changeit", "changeit");
        RegistryLogin login = resolve("acr", ACR);

        CloudLogin cloud = login.cloud();
        assertThat(cloud.tenant()).isEqualTo("tenant-id");
        assertThat(cloud.key().getPlainText()).isEqualTo("client-id");
        assertThat(cloud.secret()).isNull();
        String pem = cloud.certificatePem().getPlainText();
        assertThat(pem).contains(held.certificatePem().trim());
        String key = Base64.getEncoder().encodeToString(held.keyPair().getPrivate().getEncoded());
        assertThat(pem).contains("-----BEGIN PRIVATE KEY-----");
        assertThat(pem.replace("\n", "")).contains(key);
        assertThat(cloud.secretTexts()).contains(pem);
        assertThat(login.toString()).doesNotContain(key.substring(100, 164));
        assertThat(tracked(principal)).isTrue();
        assertThat(tracked(certificate)).isTrue();
    }

    @Test
    void testAzureCertificateMissing_refusedNamingIt() throws Exception {
        CloudTestCredentials.azureCertificate("acr", "tenant-id", "client-id", "no-such-cert");
        assertThatThrownBy(() -> resolve("acr", ACR))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("'no-such-cert'")
                .hasMessageContaining("Certificate credential");
    }

    @Test
    void testAzureCertificateWrongPassword_refusedWithoutTheKey() throws Exception {
        HeldCertificate held = new HeldCertificate.Builder().rsa2048().build();
        CloudTestCredentials.azureCertificate("acr", "tenant-id", "client-id", "cert");
        CloudTestCredentials.addCertificate("cert", held, "right-password", "wrong-password");
        assertThatThrownBy(() -> resolve("acr", ACR))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("certificate 'cert'")
                .hasMessageContaining("password")
                .hasMessageNotContaining("wrong-password");
    }

    @Test
    void testAzureWithoutTenant_refused() throws Exception {
        CloudTestCredentials.azure("acr", "", "client-id", "azure-client-secret");
        assertThatThrownBy(() -> resolve("acr", ACR))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("need a tenant, a client id and a client secret");
    }

    @Test
    void testAzureForEcr_refusedNamingAcr() throws Exception {
        CloudTestCredentials.azure("acr", "tenant-id", "client-id", "azure-client-secret");
        assertThatThrownBy(() -> resolve("acr", ECR))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("log in to Azure Container Registry only");
    }

    @Test
    void testGoogleKeyFile_forArtifactRegistry() throws Exception {
        StandardCredentials c = TestCredentials.secretFile("gar", "key.json", GOOGLE_KEY);
        RegistryLogin login = resolve("gar", GAR);

        CloudLogin cloud = login.cloud();
        assertThat(cloud.cloud()).isEqualTo(Cloud.GOOGLE);
        assertThat(cloud.key().getPlainText()).isEqualTo(GOOGLE_KEY);
        assertThat(login.describe()).isEqualTo("Google Artifact Registry login minted from credentials 'gar'");
        assertThat(tracked(c)).isTrue();
    }

    @Test
    void testGoogleKeyFile_notAKey_refusedWithoutQuotingTheFile() throws Exception {
        TestCredentials.secretFile("gar", "key.json", "{\"type\": \"authorized_user\", \"refresh_token\": \"user-refresh-token\"}");
        assertThatThrownBy(() -> resolve("gar", "gcr.io/proj/app:1"))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("not a Google service-account JSON key")
                .hasMessageNotContaining("user-refresh-token");
    }

    @Test
    void testSecretFile_forANonGoogleRegistry_isTheWrongType() throws Exception {
        TestCredentials.secretFile("file", "key.json", GOOGLE_KEY);
        assertThatThrownBy(() -> resolve("file", "reg.example.com/app:1"))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("credentials 'file' are of type Secret file");
    }

    @Test
    void testWithoutTheCloudPlugins_theirCredentialsAreTheWrongType() throws Exception {
        StandIn.reset();
        StandIn.startJenkins(home.toFile());
        TestCredentials.registerDescriptors();
        run = StandInJob.create("app").newRun();
        resolver = new RegistryCredentialsResolver(run);
        CloudTestCredentials.awsKeys("ecr", "AKIAEXAMPLEKEY000001", "aws-secret-key-value");
        assertThatThrownBy(() -> resolve("ecr", ECR))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("credentials 'ecr' are of type");
    }

    @Test
    void testCloudLogin_serializedAsSecrets_whichTheChannelCarries() throws Exception {
        CloudTestCredentials.awsRole("ecr-role", "ASIASESSIONKEY000001", "session-secret-value", "session-token-value");
        RegistryLogin login = resolve("ecr-role", ECR);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(login);
        }
        assertThat(bytes.size()).isPositive();
        assertThat(bytes.toString(StandardCharsets.ISO_8859_1)).contains("hudson.util.Secret");
    }

    /** The two examples of docs/credentials.md, "Cloud registries in Jenkins", resolve as the text says. */
    @Test
    void testDocsExamples_resolve() throws Exception {
        Path docs = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && docs == null; dir = dir.getParent()) {
            if (java.nio.file.Files.isRegularFile(dir.resolve("docs/credentials.md"))) {
                docs = dir.resolve("docs/credentials.md");
            }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("registryPull image: '([^']+)', credentialsId: '([^']+)'")
                .matcher(java.nio.file.Files.readString(docs));
        java.util.Map<String, String> examples = new java.util.LinkedHashMap<>();
        while (m.find()) {
            examples.put(m.group(2), m.group(1));
        }
        assertThat(examples).containsOnlyKeys("aws-ci", "agent-identity");

        CloudTestCredentials.awsKeys("aws-ci", "AKIAEXAMPLEKEY000001", "aws-secret-key-value");
        assertThat(resolve("aws-ci", examples.get("aws-ci")).cloud().cloud()).isEqualTo(Cloud.AWS);
        StandIn.register(AgentIdentityConfiguration.class, new AgentIdentityConfiguration()).setAllowAgentIdentity(true);
        assertThat(resolve("agent-identity", examples.get("agent-identity")).cloud().isAgentIdentity()).isTrue();
    }
}
