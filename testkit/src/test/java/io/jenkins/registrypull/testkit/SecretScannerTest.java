package io.jenkins.registrypull.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The leak scanner finds a secret in every form, wherever it is, and never prints it. */
class SecretScannerTest {

    private final TestUser alice = TestUser.randomWithSymbols("alice");
    private final String token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9." + RandomStrings.alphanumeric(40);
    private final SecretScanner scanner = SecretScanner.builder()
            .basic("alice", alice.username(), alice.password())
            .secret("bearer token", token)
            .build();

    @TempDir
    Path tmp;

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Writes {@code needle} into 200 KB of random bytes, across the scanner's 64 KiB read boundary. */
    private Path planted(String name, byte[] needle) throws IOException {
        byte[] content = random(200_000, name.hashCode());
        System.arraycopy(needle, 0, content, 64 * 1024 - needle.length / 2, needle.length);
        return Files.write(tmp.resolve(name), content);
    }

    @Test
    void testEveryForm_foundInABinaryFile_acrossReadBoundaries() throws Exception {
        String pw = alice.password();
        byte[] utf8 = pw.getBytes(StandardCharsets.UTF_8);
        List<byte[]> forms = List.of(
                utf8,
                Base64.getEncoder().encode(utf8),
                Base64.getUrlEncoder().withoutPadding().encode(utf8),
                URLEncoder.encode(pw, StandardCharsets.UTF_8).getBytes(StandardCharsets.US_ASCII),
                pw.replace("\\", "\\\\").replace("\"", "\\\"").getBytes(StandardCharsets.UTF_8),
                pw.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u00e9", "\\u00e9")
                        .getBytes(StandardCharsets.UTF_8),
                pw.getBytes(StandardCharsets.UTF_16LE),
                java.util.HexFormat.of().formatHex(utf8).getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < forms.size(); i++) {
            Path file = planted("form-" + i, forms.get(i));
            assertThat(scanner.newScan().file(file).hits()).as("form %d", i)
                    .anySatisfy(h -> assertThat(h.secret()).isEqualTo("alice password"));
        }
    }

    @Test
    void testBase64OfALongerText_foundAtEveryAlignment() {
        for (String prefix : List.of("", "x", "xy", "xyz", "user:", "{\"auth\":")) {
            String text = prefix + alice.password() + "-and-more";
            String encoded = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
            assertThat(scanner.newScan().text("config", "{\"auths\":{\"r\":{\"auth\":\"" + encoded + "\"}}}").hits())
                    .as("prefix '%s'", prefix).isNotEmpty();
            String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
            assertThat(scanner.newScan().text("url", urlSafe).hits()).as("url-safe, prefix '%s'", prefix).isNotEmpty();
        }
    }

    @Test
    void testDockerConfigAuthField_namedAsUserColonPassword() {
        String auth = Base64.getEncoder().encodeToString((alice.username() + ":" + alice.password())
                .getBytes(StandardCharsets.UTF_8));
        assertThat(scanner.newScan().text("config.json", "{\"auths\":{\"reg\":{\"auth\":\"" + auth + "\"}}}").hits())
                .extracting(SecretScanner.Hit::form).contains("base64 of user:password");
    }

    @Test
    void testJwtSignatureAlone_found() {
        String signature = token.substring(token.lastIndexOf('.') + 1);
        assertThat(scanner.newScan().text("log", "token ends with " + signature).hits())
                .extracting(SecretScanner.Hit::form).containsExactly("JWT signature segment");
    }

    @Test
    void testNoFalsePositives() {
        SecretScan scan = scanner.newScan();
        scan.bytes("random", random(2_000_000, 42));
        scan.text("almost", alice.password().substring(1) + " " + token.substring(0, token.length() - 1));
        assertThat(scan.hits()).isEmpty();
        assertThat(scan.bytesScanned()).isGreaterThan(2_000_000);
    }

    @Test
    void testThrowable_causesAndSuppressedScanned_reportNeverShowsTheSecret() {
        IllegalStateException cause = new IllegalStateException("form body grant_type=password&password="
                + URLEncoder.encode(alice.password(), StandardCharsets.UTF_8));
        RuntimeException top = new RuntimeException("pull failed", cause);
        top.addSuppressed(new IOException("Authorization: Bearer " + token));
        SecretScan scan = scanner.newScan().throwable("the failure", top);
        assertThat(scan.hits()).extracting(SecretScanner.Hit::secret).contains("alice password", "bearer token");
        assertThatThrownBy(scan::assertClean).isInstanceOf(AssertionError.class)
                .hasMessageContaining("alice password as URL-encoded (form, +) in the failure")
                .hasMessageNotContaining(alice.password())
                .hasMessageNotContaining(token)
                .hasMessageNotContaining(URLEncoder.encode(alice.password(), StandardCharsets.UTF_8));
    }

    @Test
    void testTree_recursesSkipsFifosAndDoesNotFollowSymlinks() throws Exception {
        Path deep = Files.createDirectories(tmp.resolve("a/b/c"));
        Files.writeString(deep.resolve("clean.txt"), "nothing here");
        Files.writeString(deep.resolve("leak.json"), "{\"password\":\"" + alice.password().replace("\\", "\\\\")
                .replace("\"", "\\\"") + "\"}");
        Path outside = Files.writeString(Files.createDirectories(tmp.resolve("outside")).resolve("x"), token);
        Files.createSymbolicLink(deep.resolve("link"), outside);
        Path fifo = deep.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        SecretScan scan = scanner.newScan().tree(tmp.resolve("a"));

        assertThat(scan.hits()).singleElement().satisfies(h -> {
            assertThat(h.where()).isEqualTo("file " + deep.resolve("leak.json"));
            assertThat(h.form()).isEqualTo("JSON-escaped");
        });
        assertThat(scan.filesScanned()).isEqualTo(2);
    }

    @Test
    void testFileNames_scanned() throws Exception {
        Files.createDirectories(tmp.resolve("d"));
        Files.writeString(tmp.resolve("d").resolve("cache-" + Base64.getUrlEncoder().encodeToString(
                token.getBytes(StandardCharsets.UTF_8))), "x");
        assertThat(scanner.newScan().tree(tmp.resolve("d")).hits()).singleElement()
                .satisfies(h -> assertThat(h.where()).startsWith("file name in "));
    }

    @Test
    void testProcessEnvironmentAndArguments_scanned_whileItRuns() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sleep", "60");
        builder.environment().put("REGISTRY_TOKEN", token);
        Process sleeper = builder.start();
        try {
            SecretScan scan = scanner.newScan().process(sleeper.pid());
            assertThat(scan.hits()).singleElement().satisfies(h -> {
                assertThat(h.where()).isEqualTo("pid " + sleeper.pid() + " (sleep) environ");
                assertThat(h.secret()).isEqualTo("bearer token");
            });
            assertThat(scanner.newScan().allProcesses().hits()).extracting(SecretScanner.Hit::where)
                    .contains("pid " + sleeper.pid() + " (sleep) environ");
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void testSampler_capturesDescendantsWhileTheyRun_andTheirOpenFiles() throws Exception {
        Path leaky = tmp.resolve("leaky");
        Process shell;
        ProcessSampler sampler = ProcessSampler.start(ProcessHandle.current(), true, true, Duration.ofMillis(10));
        try (sampler) {
            // a child with the secret in its arguments, and one holding a deleted file with the token open
            shell = new ProcessBuilder("sh", "-c", "sleep 1; true " + URLEncoder.encode(alice.password(),
                    StandardCharsets.UTF_8)).start();
            Files.writeString(leaky, "token=" + token);
            Process holder = new ProcessBuilder("sh", "-c", "exec 3<\"$0\"; rm \"$0\"; sleep 1", leaky.toString())
                    .start();
            assertThat(shell.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        SecretScan scan = scanner.newScan();
        sampler.scanInto(scan);
        assertThat(sampler.seen()).anySatisfy(s -> {
            assertThat(s.pid()).isEqualTo(shell.pid());
            assertThat(s.commandLine()).isEqualTo(ProcessSampler.HELD_A_SECRET);
        });
        assertThat(scan.hits()).anySatisfy(h -> {
            assertThat(h.where()).isEqualTo("pid " + shell.pid() + " (sh) cmdline");
            assertThat(h.form()).isEqualTo("URL-encoded (form, +)");
        });
        assertThat(scan.hits()).anySatisfy(h -> assertThat(h.where()).startsWith("open file " + leaky));
        assertThat(scan.processesScanned().size()).isGreaterThan(10); // every process of the machine
    }

    @Test
    void testShortSecret_refused() {
        assertThatThrownBy(() -> SecretScanner.builder().secret("pin", "1234")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 8 bytes");
    }
}
