package io.jenkins.registrypull.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.registrypull.testkit.AwsKeyring;
import io.jenkins.registrypull.testkit.ChildJava;
import io.jenkins.registrypull.testkit.FakeAwsRegistry;
import io.jenkins.registrypull.testkit.FakeEcrApi;
import io.jenkins.registrypull.testkit.FakeImds;
import io.jenkins.registrypull.testkit.FakeSts;
import io.jenkins.registrypull.testkit.LeakRun;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.SecretScanner;
import io.jenkins.registrypull.testkit.TestUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --auth ecr} of pull and auth-exec, in a child JVM whose whole environment the test sets: the fake ECR API,
 * STS and IMDSv2 in front of a real token-auth registry that takes only the last minted password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcrCliTest {
    static final String REGION = "eu-west-1";

    private FakeAwsRegistry aws;
    private AwsKeyring keyring;
    private RegistryServer registry;
    private FakeEcrApi ecr;
    private FakeSts sts;
    private FakeImds imds;
    private AwsKeyring.Role pullRole;
    private AwsKeyring.Key ciUser;
    private Path caFile;

    @TempDir
    Path tmp;

    @BeforeAll
    void start(@TempDir Path files) throws Exception {
        aws = FakeAwsRegistry.start(REGION, Clock.systemUTC());
        keyring = aws.keyring();
        registry = aws.registry();
        ecr = aws.ecr();
        sts = aws.sts();
        caFile = Files.writeString(files.resolve("ca.pem"), registry.ca().caCertificatePem());
        AwsKeyring.Role instance = keyring.addRole("jenkins-agent", Set.of(), "sts:AssumeRole");
        imds = FakeImds.start(keyring, instance, Clock.systemUTC());
        String instanceArn = "arn:aws:sts::" + AwsKeyring.ACCOUNT + ":assumed-role/jenkins-agent/i-0123456789abcdef0";
        pullRole = keyring.addRole("ecr-pull", Set.of(instanceArn), "ecr:GetAuthorizationToken");
        ciUser = keyring.addUser("ci", "ecr:GetAuthorizationToken");
    }

    @AfterAll
    void stop() {
        imds.close();
        aws.close();
    }

    private ChildJava.Builder child(Path dir, Map<String, String> env, List<String> args) {
        ChildJava.Builder child = ChildJava.builder(Main.class, dir).args(args)
                .env("AWS_REGION", REGION)
                .env("AWS_ENDPOINT_URL_ECR", ecr.url())
                .env("AWS_ENDPOINT_URL_STS", sts.url());
        env.forEach(child::env);
        return child;
    }

    private Map<String, String> keys(String secret) {
        return Map.of("AWS_ACCESS_KEY_ID", ciUser.accessKeyId(), "AWS_SECRET_ACCESS_KEY", secret,
                "AWS_EC2_METADATA_DISABLED", "true");
    }

    private List<String> pull(String out) {
        return new ArrayList<>(List.of("pull", aws.image(), "--auth", "ecr", "--ca-cert",
                caFile.toString(), "--output", "oci:" + tmp.resolve(out), "--debug"));
    }

    private SecretScanner scanner() {
        SecretScanner.Builder scanner = SecretScanner.builder()
                .secrets("a minted registry password", ecr.passwords())
                .secrets("a bearer token", aws.tokens().issuedTokens());
        for (AwsKeyring.Key key : keyring.keys()) {
            scanner.secret("the AWS secret key of " + key.accessKeyId(), key.secretAccessKey());
            if (key.sessionToken() != null) {
                scanner.secret("the AWS session token of " + key.accessKeyId(), key.sessionToken());
            }
        }
        return scanner.build();
    }

    @Test
    void testPull_instanceRoleThenAssumedRole_pulls_noAwsSecretOrPasswordAnywhere() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("imds"));
        List<String> args = pull("imds-out");
        args.addAll(List.of("--aws-role-arn", pullRole.arn()));
        int issued = ecr.tokensIssued();

        LeakRun.Result run = LeakRun.run(child(dir, Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()), args),
                dir, Duration.ofMinutes(2), this::scanner);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("\"digest\"");
        assertThat(ecr.tokensIssued() - issued).isEqualTo(1);
        assertThat(sts.calls()).contains("AssumeRole");
        assertThat(imds.credentialsServed()).isPositive();
        assertThat(imds.refusedWithoutToken()).as("IMDSv2 only").isZero();
        run.scan().assertClean();
        assertThat(run.sampler().rounds()).as("sampled while the pull ran").isPositive();
    }

    @Test
    void testPull_wrongSecretKey_exit3_namesTheAwsErrorAndWhatToDo_noLeak() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("wrong-key"));
        String wrong = "wrongSecretKey/" + TestUser.random("x").password();

        LeakRun.Result run = LeakRun.run(child(dir, keys(wrong), pull("wrong-out")), dir, Duration.ofMinutes(2),
                () -> SecretScanner.builder().secret("the wrong secret key", wrong)
                        .secret("the right secret key", ciUser.secretAccessKey()).build());

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.AUTH);
        assertThat(run.stderr()).contains("InvalidSignatureException")
                .contains("The secret access key does not match the access key id");
        // the user put the wrong key into the environment; it must not show up anywhere else
        assertThat(run.stderr() + run.stdout()).doesNotContain(wrong);
    }

    @Test
    void testPull_wrongRegion_exit3_saysToCheckTheRegion() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("region"));
        List<String> args = pull("region-out");
        args.addAll(List.of("--aws-region", "eu-west-2"));
        try (ChildJava run = child(dir, keys(ciUser.secretAccessKey()), args).start()) {
            assertThat(run.waitFor(Duration.ofMinutes(2))).as(run.stderr()).isEqualTo(ExitCodes.AUTH);
            assertThat(run.stderr()).contains("scoped to a valid region").contains("check the region");
        }
    }

    @Test
    void testAuthExec_helperServesTheMintedPassword() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("auth-exec"));
        String host = registry.hostPort();
        try (ChildJava run = child(dir, keys(ciUser.secretAccessKey()), List.of("auth-exec", "--auth", "ecr",
                "--registry", host, "--", "/bin/sh", "-c", "printf " + host + " | docker-credential-registrypull get"))
                .start()) {
            assertThat(run.waitFor(Duration.ofMinutes(2))).as(run.stderr()).isZero();
            List<String> passwords = ecr.passwords();
            assertThat(run.stdout()).contains("\"Username\":\"AWS\"")
                    .contains("\"Secret\":\"" + passwords.get(passwords.size() - 1) + "\"");
        }
    }

    @Test
    void testBadInput_exit2_beforeAnyCall() throws Exception {
        int issued = ecr.tokensIssued();
        List<List<String>> cases = List.of(
                List.of("pull", aws.image(), "--auth", "gcr-typo", "--output", "oci:x"),
                List.of("pull", aws.image(), "--auth", "ecr", "--username", "u",
                        "--password-stdin", "--output", "oci:x"),
                List.of("pull", aws.image(), "--auth", "ecr", "--aws-role-arn", "role/x",
                        "--output", "oci:x"));
        List<String> expected = List.of("--auth: must be auto, none, ecr, gcp or azure", "--auth: ecr makes the registry credential itself",
                "roleArn: not an IAM role ARN");
        for (int i = 0; i < cases.size(); i++) {
            Path dir = Files.createDirectories(tmp.resolve("bad-" + i));
            try (ChildJava run = child(dir, keys(ciUser.secretAccessKey()), cases.get(i)).stdin("pw").start()) {
                assertThat(run.waitFor(Duration.ofMinutes(1))).as(run.stderr()).isEqualTo(ExitCodes.BAD_INPUT);
                assertThat(run.stderr()).contains(expected.get(i));
            }
        }
        assertThat(ecr.tokensIssued()).isEqualTo(issued);
    }
}
