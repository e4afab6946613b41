package io.jenkins.registrypull.cloud.aws;

import io.jenkins.registrypull.json.JsonTrees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.credential.MintedCredential;
import io.jenkins.registrypull.error.AccessDeniedException;
import io.jenkins.registrypull.error.UnauthorizedException;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testing.MutableClock;
import io.jenkins.registrypull.testkit.AwsKeyring;
import io.jenkins.registrypull.testkit.FakeAwsRegistry;
import io.jenkins.registrypull.testkit.FakeEcrApi;
import io.jenkins.registrypull.testkit.FakeImds;
import io.jenkins.registrypull.testkit.FakeSts;
import io.jenkins.registrypull.testkit.RegistryServer;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Amazon ECR end to end through the engine: the fake ECR API (SigV4 verified independently), fake STS and IMDSv2, and a
 * real token-auth registry that accepts only the password the fake ECR minted last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcrPullTest {
    static final String REGION = "eu-west-1";

    private final MutableClock clock = new MutableClock(Instant.now());
    private FakeAwsRegistry aws;
    private AwsKeyring keyring;
    private RegistryServer registry;
    private FakeEcrApi ecr;
    private FakeSts sts;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        aws = FakeAwsRegistry.start(REGION, clock);
        keyring = aws.keyring();
        registry = aws.registry();
        ecr = aws.ecr();
        sts = aws.sts();
    }

    @AfterAll
    void stop() {
        aws.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", REGION);
        env.put("AWS_ENDPOINT_URL_ECR", ecr.url());
        env.put("AWS_ENDPOINT_URL_STS", sts.url());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("HOME", tmp.toString()); // no ~/.aws of the machine running the tests
        return env;
    }

    private PullResult pull(Credential credential) throws Exception {
        return pull(credential, PullListener.NONE);
    }

    private PullResult pull(Credential credential, PullListener listener) throws Exception {
        PullOptions options = PullOptions.builder().image(aws.image()).credential(credential)
                .caCertificatePem(registry.ca().caCertificatePem()).storeDir(tmp.resolve("store"))
                .sink(new OciLayoutSink(Files.createTempDirectory(tmp, "out").resolve("image"), null,
                        new JsonTrees())).build();
        try (PullEngine engine = new PullEngine(clock)) {
            return engine.pull(options, listener);
        }
    }

    private Credential ecrCredential(AwsIdentity identity, Map<String, String> env) throws Exception {
        return EcrMinters.credential(registry.hostPort(), identity, null, env, clock);
    }

    private static AwsIdentity keys(AwsKeyring.Key key, String roleArn) throws Exception {
        return AwsIdentity.keys(key.accessKeyId(), key.secretAccessKey().toCharArray(),
                key.sessionToken() == null ? null : key.sessionToken().toCharArray(), roleArn);
    }

    @Test
    void testStaticKeys_pulls_withTheMintedPassword() throws Exception {
        AwsKeyring.Key key = keyring.addUser("ci", "ecr:GetAuthorizationToken");
        int before = ecr.tokensIssued();

        try (Credential credential = ecrCredential(keys(key, null), env())) {
            assertThat(pull(credential).layerCount()).isPositive();
            assertThat(credential.describe()).contains("Amazon ECR token in " + REGION)
                    .doesNotContain(key.secretAccessKey());
        }
        assertThat(ecr.tokensIssued() - before).isEqualTo(1);
    }

    @Test
    void testAssumeRole_keysOfAUserWithoutEcrRights_pullThroughTheRole() throws Exception {
        AwsKeyring.Key key = keyring.addUser("jenkins", "sts:AssumeRole");
        AwsKeyring.Role role = keyring.addRole("ecr-pull", Set.of(key.principalArn()), "ecr:GetAuthorizationToken");

        try (Credential credential = ecrCredential(keys(key, role.arn()), env())) {
            assertThat(pull(credential).layerCount()).isPositive();
            assertThat(credential.describe()).contains("role " + role.arn());
        }
        assertThat(sts.calls()).contains("AssumeRole");
    }

    @Test
    void testAssumeRole_notTrusted_accessDeniedNamesTheTrustPolicy() throws Exception {
        AwsKeyring.Key key = keyring.addUser("stranger", "sts:AssumeRole");
        AwsKeyring.Role role = keyring.addRole("private-role", Set.of(), "ecr:GetAuthorizationToken");

        try (Credential credential = ecrCredential(keys(key, role.arn()), env())) {
            assertThatThrownBy(() -> pull(credential)).isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("AccessDenied").hasMessageContaining("trust policy")
                    .hasMessageNotContaining(key.secretAccessKey());
        }
    }

    @Test
    void testAgentIdentity_webIdentityTokenFile_pulls() throws Exception {
        AwsKeyring.Role role = keyring.addRole("irsa", Set.of(FakeSts.WEB_IDENTITY), "ecr:GetAuthorizationToken");
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6amVua2luczphZ2VudCJ9.c2ln";
        sts.trustWebIdentityToken(jwt);
        Path tokenFile = Files.writeString(tmp.resolve("token"), jwt);
        Map<String, String> env = env();
        env.put("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile.toString());
        env.put("AWS_ROLE_ARN", role.arn());

        try (Credential credential = ecrCredential(AwsIdentity.agent(null), env)) {
            assertThat(pull(credential).layerCount()).isPositive();
        }
        assertThat(sts.calls()).contains("AssumeRoleWithWebIdentity");
    }

    @Test
    void testAgentIdentity_imdsV2_sessionTokenAlwaysSent() throws Exception {
        AwsKeyring.Role role = keyring.addRole("instance", Set.of(), "ecr:GetAuthorizationToken");
        try (FakeImds imds = FakeImds.start(keyring, role, clock)) {
            Map<String, String> env = env();
            env.remove("AWS_EC2_METADATA_DISABLED");
            env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url());

            try (Credential credential = ecrCredential(AwsIdentity.agent(null), env)) {
                assertThat(pull(credential).layerCount()).isPositive();
            }

            assertThat(imds.credentialsServed()).isPositive();
            assertThat(imds.refusedWithoutToken()).as("the SDK used IMDSv2 throughout").isZero();
            HttpURLConnection v1 = (HttpURLConnection) URI.create(imds.url()
                    + "/latest/meta-data/iam/security-credentials/").toURL().openConnection();
            assertThat(v1.getResponseCode()).as("the fake refuses IMDSv1").isEqualTo(401);
            assertThat(imds.refusedWithoutToken()).isEqualTo(1);
        }
    }

    @Test
    void testWrongSecretKey_unauthorizedNamingTheAwsError_noSecret() throws Exception {
        AwsKeyring.Key key = keyring.addUser("typo", "ecr:GetAuthorizationToken");
        AwsIdentity wrong = AwsIdentity.keys(key.accessKeyId(), "not-the-secret-key-0123".toCharArray(), null, null);

        try (Credential credential = ecrCredential(wrong, env())) {
            assertThatThrownBy(() -> pull(credential)).isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("InvalidSignatureException")
                    .hasMessageContaining("secret access key does not match")
                    .hasMessageNotContaining("not-the-secret-key-0123");
        }
    }

    @Test
    void testUnknownKey_unrecognizedClient() throws Exception {
        AwsIdentity unknown = AwsIdentity.keys("AKIAUNKNOWNUNKNOWN12", "whatever-secret".toCharArray(), null, null);
        try (Credential credential = ecrCredential(unknown, env())) {
            assertThatThrownBy(() -> pull(credential)).isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("UnrecognizedClientException").hasMessageContaining("access key id");
        }
    }

    @Test
    void testNoEcrPermission_accessDeniedNamesTheIamAction() throws Exception {
        AwsKeyring.Key key = keyring.addUser("nopolicy");
        try (Credential credential = ecrCredential(keys(key, null), env())) {
            assertThatThrownBy(() -> pull(credential)).isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("AccessDeniedException")
                    .hasMessageContaining("IAM permission ecr:GetAuthorizationToken");
        }
    }

    @Test
    void testWrongRegion_saysToCheckTheRegion() throws Exception {
        AwsKeyring.Key key = keyring.addUser("elsewhere", "ecr:GetAuthorizationToken");
        Map<String, String> env = env();
        env.put("AWS_REGION", "eu-west-2");
        try (Credential credential = ecrCredential(keys(key, null), env)) {
            assertThatThrownBy(() -> pull(credential)).isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("scoped to a valid region")
                    .hasMessageContaining("check the region");
        }
    }

    @Test
    void testExpiryInTheMiddleOfAPull_renewedAndThePullCompletes() throws Exception {
        AwsKeyring.Key key = keyring.addUser("long", "ecr:GetAuthorizationToken");
        int before = ecr.tokensIssued();
        PullListener timePasses = new PullListener() {
            @Override
            public void resolved(ResolvedImage image) {
                clock.advance(Duration.ofMinutes(16)); // past the renewal time of the 20 min token and the bearer
            }
        };
        ecr.lifetime(Duration.ofMinutes(20)); // renewed 5 min before its expiry (the minimum margin)
        try (Credential credential = ecrCredential(keys(key, null), env())) {
            assertThat(pull(credential, timePasses).layerCount()).isPositive();
        } finally {
            ecr.lifetime(Duration.ofHours(12));
        }
        assertThat(ecr.tokensIssued() - before).as("one token before, one renewed mid-pull").isEqualTo(2);
    }

    @Test
    void testClose_wipesTheMintedPasswordAndTheKeys() throws Exception {
        AwsKeyring.Key key = keyring.addUser("wipe", "ecr:GetAuthorizationToken");
        AwsIdentity identity = keys(key, null);
        Credential credential = ecrCredential(identity, env());
        pull(credential);
        Credential minted = credential.current();

        credential.close();

        assertThat(minted.isWiped()).isTrue();
        assertThat(((AwsIdentity.Keys) identity).secretAccessKey().isWiped()).isTrue();
    }


    @Test
    void testAssumeRoleNow_controllerGetsTemporaryKeys_theAgentPullsWithThem() throws Exception {
        AwsKeyring.Key key = keyring.addUser("controller", "sts:AssumeRole");
        AwsKeyring.Role role = keyring.addRole("agent-pull", Set.of(key.principalArn()), "ecr:GetAuthorizationToken");
        AwsIdentity configured = keys(key, role.arn());

        AwsIdentity sent = EcrMinters.assumeRoleNow(configured, REGION, env());

        assertThat(sent).isInstanceOf(AwsIdentity.Keys.class);
        AwsIdentity.Keys temporary = (AwsIdentity.Keys) sent;
        assertThat(temporary.accessKeyId()).startsWith("ASIA");
        assertThat(temporary.sessionToken()).isNotNull();
        assertThat(temporary.roleArn()).isNull();
        assertThat(((AwsIdentity.Keys) configured).secretAccessKey().isWiped()).isTrue();
        try (Credential credential = ecrCredential(temporary, env())) {
            assertThat(pull(credential).layerCount()).isPositive();
        }
    }

    @Test
    void testEcrPublic_ecrPublicOperationInUsEast1_andItsTwoPermissions() throws Exception {
        Map<String, String> env = env();
        env.put("AWS_ENDPOINT_URL_ECR_PUBLIC", ecr.url());
        AwsKeyring.Key allowed = keyring.addUser("public-ok", "ecr-public:GetAuthorizationToken",
                "sts:GetServiceBearerToken");
        AwsKeyring.Key half = keyring.addUser("public-half", "ecr-public:GetAuthorizationToken");

        try (CredentialMinter minter = EcrMinters.forRegistry("public.ecr.aws", keys(allowed, null), null,
                env, clock)) {
            MintedCredential minted = minter.mint();
            assertThat(((Credential.UsernamePassword) minted.credential()).username()).isEqualTo("AWS");
            assertThat(((Credential.UsernamePassword) minted.credential()).password().reveal())
                    .isEqualTo(ecr.passwords().get(ecr.passwords().size() - 1));
            assertThat(minter.describe()).startsWith("Amazon ECR Public token");
        }
        try (CredentialMinter minter = EcrMinters.forRegistry("public.ecr.aws", keys(half, null), null,
                env, clock)) {
            assertThatThrownBy(minter::mint).isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("ecr-public:GetAuthorizationToken and sts:GetServiceBearerToken");
        }
    }
}
