package io.jenkins.registrypull.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/registry-pull's class caches: with a Java 25 the first pull records, a background process turns that into an
 * AOT cache, later runs use it; a damaged or stale cache is ignored without a word; without a Java 25 it runs Java
 * 17 with its CDS archive. The jar it runs is {@link LauncherProbe}, which prints the JVM it got.
 */
class LauncherScriptTest {

    /** Installed on the project's machines and CI (docs/performance.md, cold start). */
    private static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final Path LAUNCHER = Path.of("..", "bin", "registry-pull").toAbsolutePath().normalize();

    @TempDir
    Path tmp;
    private Path jar;
    private Path cache;

    record Run(int exit, String stdout, String stderr) {
        String line(String name) {
            return stdout.lines().filter(l -> l.startsWith(name + "=")).findFirst()
                    .map(l -> l.substring(name.length() + 1)).orElseThrow(() -> new AssertionError(stdout));
        }
    }

    @BeforeEach
    void probeJar() throws IOException {
        jar = tmp.resolve("registry-pull.jar");
        cache = tmp.resolve("cache");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
        String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             var in = LauncherProbe.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(tmp.resolve("out").toFile())
                .redirectError(tmp.resolve("err").toFile()).redirectInput(ProcessBuilder.Redirect.from(
                        Path.of("/dev/null").toFile()));
        builder.environment().put("REGISTRY_PULL_JAR", jar.toString());
        builder.environment().put("XDG_CACHE_HOME", cache.toString());
        builder.environment().remove("REGISTRY_PULL_JAVA");
        builder.environment().remove("REGISTRY_PULL_JAVA_OPTS");
        builder.environment().remove("REGISTRY_PULL_CDS");
        builder.environment().putAll(env);
        int exit = builder.start().waitFor();
        return new Run(exit, Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8));
    }

    private static Map<String, String> java25() {
        // JAVA_HOME names Java 17: the launcher still prefers the Java 25 it finds
        return Map.of("REGISTRY_PULL_JAVA_CANDIDATES", JAVA_25.toString(), "JAVA_HOME", jdk17().toString());
    }

    private static Path jdk17() {
        return Path.of(System.getProperty("java.home"));
    }

    private List<Path> files(String dir) throws IOException {
        Path path = cache.resolve("registry-pull").resolve(dir);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(path)) {
            return list.sorted().toList();
        }
    }

    /** The background process that assembles the cache ends by itself; this waits for its file (at most 3 min). */
    private Path awaitAotCache() throws Exception {
        for (int i = 0; i < 1800; i++) {
            List<Path> caches = files("aot").stream().filter(p -> p.toString().endsWith(".aot")).toList();
            List<Path> pending = files("aot").stream().filter(p -> !p.toString().endsWith(".aot")).toList();
            if (!caches.isEmpty() && pending.isEmpty()) {
                return caches.get(0);
            }
            assertThat(files("aot")).noneMatch(p -> p.toString().endsWith(".failed"));
            Thread.sleep(100);
        }
        throw new AssertionError("no AOT cache appeared in " + files("aot"));
    }

    @Test
    void testJava25_firstPullRecords_laterRunsUseTheCache() throws Exception {
        assertThat(Files.isExecutable(JAVA_25.resolve("bin/java"))).as("Java 25 at " + JAVA_25).isTrue();

        Run first = run(java25(), "pull", "example/app:1");
        assertThat(first.exit()).isZero();
        assertThat(first.line("java")).isEqualTo("25");
        assertThat(first.line("flags")).contains("-XX:AOTMode=record").doesNotContain("-XX:AOTCache=")
                .as("C1 only on Linux x86-64 with glibc, where the native crypto loads")
                .contains("-XX:TieredStopAtLevel=1");
        assertThat(first.stdout().lines()).as("nothing but the program's output on stdout").hasSize(3);
        assertThat(first.stderr()).isEmpty();

        Path aot = awaitAotCache();
        Run second = run(java25(), "pull", "example/app:1");
        assertThat(second.exit()).isZero();
        assertThat(second.line("flags")).contains("-XX:AOTCache=" + aot).doesNotContain("AOTMode=record");
        assertThat(second.line("vm")).as("the JVM mapped the cache").contains("sharing");
        assertThat(second.stderr()).isEmpty();
    }

    @Test
    void testJava25_onlyASuccessfulPullTrains() throws Exception {
        Run help = run(java25(), "--help");
        assertThat(help.line("flags")).doesNotContain("AOTMode=record");
        Run failed = run(java25(), "pull", "fail");
        assertThat(failed.exit()).isEqualTo(3);
        assertThat(failed.line("flags")).contains("AOTMode=record");
        assertThat(files("aot")).as("a failed pull leaves no recording behind").isEmpty();
    }

    @Test
    void testDamagedCache_isIgnoredWithoutAWord() throws Exception {
        run(java25(), "pull", "example/app:1");
        Path aot = awaitAotCache();
        Files.write(aot, "not an AOT cache".getBytes(StandardCharsets.UTF_8));

        Run run = run(java25(), "pull", "example/app:1");
        assertThat(run.exit()).isZero();
        assertThat(run.line("flags")).contains("-XX:AOTCache=" + aot);
        assertThat(run.line("vm")).doesNotContain("sharing");
        assertThat(run.stdout().lines()).hasSize(3);
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void testNewJar_recordsANewCache_theOldOneUnused() throws Exception {
        run(java25(), "pull", "example/app:1");
        Path old = awaitAotCache();
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));

        Run run = run(java25(), "pull", "example/app:1");
        assertThat(run.line("flags")).contains("-XX:AOTMode=record").doesNotContain(old.toString());
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void testNoJava25_runsJava17WithItsCdsArchive() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("REGISTRY_PULL_JAVA_CANDIDATES", "");
        env.put("JAVA_HOME", jdk17().toString());

        Run first = run(env, "pull", "example/app:1");
        assertThat(first.exit()).isZero();
        assertThat(first.line("java")).isEqualTo("17");
        assertThat(first.line("flags")).contains("-XX:ArchiveClassesAtExit=").doesNotContain("AOT");
        assertThat(files("cds")).hasSize(1);
        assertThat(files("aot")).isEmpty();

        Run second = run(env, "pull", "example/app:1");
        assertThat(second.line("flags")).contains("-XX:SharedArchiveFile=" + files("cds").get(0));
        assertThat(second.line("vm")).contains("sharing");
        assertThat(second.stderr()).isEmpty();
    }

    @Test
    void testCachesOff_andAnExplicitJava() throws Exception {
        Map<String, String> env = new HashMap<>(java25());
        env.put("REGISTRY_PULL_CDS", "off");
        Run off = run(env, "pull", "example/app:1");
        assertThat(off.line("java")).isEqualTo("25");
        assertThat(off.line("flags")).doesNotContain("AOT").doesNotContain("Archive");

        env.put("REGISTRY_PULL_JAVA_OPTS", "-Xmx128m");
        assertThat(run(env, "pull", "example/app:1").line("flags")).as("the user's flags replace ours")
                .contains("-Xmx128m").doesNotContain("TieredStopAtLevel").doesNotContain("UseSerialGC");

        Run explicit = run(Map.of("REGISTRY_PULL_JAVA", jdk17().resolve("bin/java").toString(),
                "REGISTRY_PULL_JAVA_CANDIDATES", JAVA_25.toString()), "pull", "example/app:1");
        assertThat(explicit.line("java")).isEqualTo("17");
    }
}
