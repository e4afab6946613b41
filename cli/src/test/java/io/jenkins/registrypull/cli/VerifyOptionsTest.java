package io.jenkins.registrypull.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.CosignSigner;
import io.jenkins.registrypull.testkit.CosignSigner.KeyType;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --verify-key}, {@code --require-signature}, {@code --require-digest} against the real registry. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyOptionsTest {

    private RegistryServer registry;
    private final CosignSigner signer = CosignSigner.generate(KeyType.ECDSA_P256);
    private final CosignSigner other = CosignSigner.generate(KeyType.ED25519);
    private String digest;

    @TempDir
    Path tmp;

    /** What one run printed and returned. */
    private record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    void push() {
        registry = RegistryServer.openHttp();
        BuiltImage image = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
        digest = image.manifestDigest();
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushImage("team/signed", "1", image);
            CosignSigner.signatureImage(digest, List.of(signer.signSimpleSigning(digest,
                    registry.hostPort() + "/team/signed"))).pushTo(pusher, "team/signed");
            pusher.pushImage("team/unsigned", "1", image);
        }
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new FailureHandler());
        cli.setParameterExceptionHandler((e, a) -> ExitCodes.BAD_INPUT);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Run pull(String ref, String out, String... more) {
        List<String> args = new ArrayList<>(List.of("pull", registry.hostPort() + "/" + ref, "--output",
                "oci:" + tmp.resolve(out), "--insecure-registry", registry.hostPort(), "--store",
                tmp.resolve("store").toString(), "--quiet"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private Path keyFile(CosignSigner key, String name) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, key.publicKeyPem());
        return file;
    }

    @Test
    void testVerifiedPull_printsTheSignature() throws Exception {
        Run run = pull("team/signed:1", "ok", "--verify-key", keyFile(signer, "cosign.pub").toString(),
                "--require-signature");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode result = new ObjectMapper().readTree(run.out());
        assertThat(result.get("digest").asText()).isEqualTo(digest);
        JsonNode signature = result.get("signature");
        assertThat(signature.get("keyAlgorithm").asText()).isEqualTo("ECDSA P-256");
        assertThat(signature.get("keyFingerprint").asText()).matches("SHA256:[0-9a-f]{64}");
        assertThat(signature.get("signedDigest").asText()).isEqualTo(digest);
        assertThat(signature.get("source").asText()).isEqualTo("tag " + CosignSigner.signatureTag(digest));
    }

    @Test
    void testVerificationFailures_exit5_writeNothing() throws Exception {
        Run wrongKey = pull("team/signed:1", "wrong", "--verify-key", keyFile(other, "other.pub").toString());
        assertThat(wrongKey.exitCode()).isEqualTo(ExitCodes.VERIFICATION);
        assertThat(wrongKey.err()).startsWith("registry-pull: The cosign signature of ")
                .contains("does not verify with key SHA256:").contains("(Ed25519)");
        assertThat(wrongKey.out()).isEmpty();
        assertThat(tmp.resolve("wrong")).doesNotExist();

        Run missing = pull("team/unsigned:1", "missing", "--verify-key", keyFile(signer, "cosign.pub").toString(),
                "--require-signature");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.VERIFICATION);
        assertThat(missing.err()).contains("No cosign signature found").contains("or stop requiring a signature.").contains("A signature is required by --require-signature.");
        assertThat(tmp.resolve("missing")).doesNotExist();

        Run pinnedWrong = pull("team/signed:1", "pinned", "--digest", "sha256:" + "0".repeat(64));
        assertThat(pinnedWrong.exitCode()).isEqualTo(ExitCodes.VERIFICATION);
        assertThat(tmp.resolve("pinned")).doesNotExist();
    }

    @Test
    void testUnsignedWithKey_notRequired_pullsAndSaysSo() throws Exception {
        Run run = pull("team/unsigned:1", "optional", "--verify-key", keyFile(signer, "cosign.pub").toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode result = new ObjectMapper().readTree(run.out());
        assertThat(result.get("signature").isNull()).isTrue();
        assertThat(result.get("verification").toString()).contains("no cosign signature found");
    }

    @Test
    void testBadInput_exit2_beforeAnyNetworkCall() throws Exception {
        Path privateKey = tmp.resolve("cosign.key");
        Files.writeString(privateKey, "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nc2VjcmV0\n"
                + "-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
        // reg.invalid does not resolve: exit 2 proves nothing was attempted on the network
        String[][] cases = {
                {"--verify-key", tmp.resolve("absent.pub").toString()},
                {"--verify-key", privateKey.toString()},
                {"--require-signature"},
                {"--require-digest"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("pull", "reg.invalid/app:1", "--output", "oci:"
                    + tmp.resolve("bad"), "--quiet"));
            args.addAll(List.of(c));
            Run run = run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(String.join(" ", c) + ": " + run.err()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(run.err()).doesNotContain("c2VjcmV0");
        }
        assertThat(run("pull", "reg.invalid/app:1", "--output", "oci:" + tmp.resolve("bad"), "--quiet",
                "--require-digest").err()).contains("digest: ").contains("reg.invalid/app@sha256:<digest>");
        assertThat(run("pull", "reg.invalid/app:1", "--output", "oci:" + tmp.resolve("bad"), "--quiet",
                "--verify-key", privateKey.toString()).err()).contains("verifyKey: the text holds a PRIVATE key");
        assertThat(tmp.resolve("bad")).doesNotExist();
    }

    @Test
    void testRequireDigest_withPinnedReference() {
        Run run = pull("team/signed@" + digest, "pinned-ok", "--require-digest");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    }
}
