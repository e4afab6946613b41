package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestCa;
import io.jenkins.registrypull.testkit.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged CLI as users run it (the shaded jar, through bin/registry-pull and with plain {@code java -jar}),
 * pulling from a real registry over TLS on Java 17 and Java 25: the pull lands, and nothing but the pull's own
 * lines reaches stderr (Java 22+ warns on every run about native code unless the jar's manifest allows it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliJarIT {

    private static final Path LAUNCHER = Path.of("..", "bin", "registry-pull").toAbsolutePath().normalize();
    private static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    private final TestCa ca = TestCa.create();
    private RegistryServer registry;
    private BuiltImage image;
    private Path caPem;
    private Path jar;

    @TempDir
    Path tmp;

    @BeforeAll
    void start(@TempDir Path dir) {
        jar = Path.of(System.getProperty("cli.jar", "target/registry-pull.jar")).toAbsolutePath();
        assertThat(jar).as("the shaded CLI jar (mvn package)").isRegularFile();
        assertThat(JAVA_25.resolve("bin/java")).as("Java 25, which the launcher must find").isExecutable();
        registry = RegistryServer.openTls(ca);
        image = TestImages.big(dir, ManifestFormat.OCI, 2, 3 * 1024 * 1024);
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushImage("team/app", "1", image);
        }
        caPem = ca.writeCaPem(dir);
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    private record Run(int exit, String out, String err) {
    }

    private Run run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(tmp.resolve("out").toFile())
                .redirectError(tmp.resolve("err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_PULL_"));
        builder.environment().put("REGISTRY_PULL_JAR", jar.toString());
        builder.environment().put("REGISTRY_PULL_CDS", "off"); // the caches are LauncherScriptTest's
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8));
    }

    private List<String> pullArgs(String name) {
        return List.of("pull", "--ca-cert=" + caPem, "--store=" + tmp.resolve("store-" + name),
                "--output=oci:" + tmp.resolve("out-" + name), registry.hostPort() + "/team/app:1");
    }

    private void assertPulled(Run run, String name) {
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains(image.manifestDigest());
        assertThat(run.err()).doesNotContain("WARNING", "restricted method", "enable-native-access");
        assertThat(tmp.resolve("out-" + name).resolve("index.json")).isRegularFile();
    }

    @Test
    void testLauncher_java25_pullsWithoutJvmWarnings() throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(pullArgs("launcher25"));
        Run run = run(command, Map.of("REGISTRY_PULL_JAVA_CANDIDATES", JAVA_25.toString()));
        assertPulled(run, "launcher25");
    }

    @Test
    void testLauncher_java17_pullsWithoutJvmWarnings() throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(pullArgs("launcher17"));
        Run run = run(command, Map.of("REGISTRY_PULL_JAVA_CANDIDATES", "", "JAVA_HOME",
                System.getProperty("java.home")));
        assertPulled(run, "launcher17");
    }

    @Test
    void testPlainJavaJar_java25_pullsWithoutJvmWarnings() throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA_25.resolve("bin/java").toString(), "-jar",
                jar.toString()));
        command.addAll(pullArgs("plain25"));
        assertPulled(run(command, Map.of()), "plain25");
    }
}
