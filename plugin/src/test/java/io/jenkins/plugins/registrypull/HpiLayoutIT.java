package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AnnotatedElement;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks target/registry-pull.hpi as Jenkins' plugin manager would read it: the manifest entries, WEB-INF/lib
 * holding the plugin jar and the bundled libraries (and none that Jenkins or a plugin dependency provides), and
 * the plugin jar holding the classes, index.jelly, Messages and - once the plugin has extensions - their index.
 */
class HpiLayoutIT {
    private static ZipFile hpi;
    private static Attributes manifest;
    private static List<String> libs;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void open() throws IOException {
        File file = new File(System.getProperty("hpi.file", "target/registry-pull.hpi"));
        assertThat(file).as("built by mvn package").isFile();
        hpi = new ZipFile(file);
        try (InputStream in = hpi.getInputStream(hpi.getEntry("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in).getMainAttributes();
        }
        libs = hpi.stream().map(ZipEntry::getName).filter(n -> n.startsWith("WEB-INF/lib/") && n.endsWith(".jar"))
                .map(n -> n.substring("WEB-INF/lib/".length())).sorted().collect(Collectors.toList());
    }

    @Test
    void testManifest_hasThePluginEntries() {
        assertThat(manifest.getValue("Short-Name")).isEqualTo("registry-pull");
        assertThat(manifest.getValue("Long-Name")).isEqualTo("Registry Pull for Jenkins");
        assertThat(manifest.getValue("Plugin-Version")).isNotBlank();
        assertThat(manifest.getValue("Jenkins-Version")).isEqualTo("2.541.3");
        assertThat(manifest.getValue("Hudson-Version")).isEqualTo("2.541.3");
        assertThat(manifest.getValue("Group-Id")).isEqualTo("io.jenkins.plugins.registry-pull");
        assertThat(manifest.getValue("Artifact-Id")).isEqualTo("registry-pull");
        assertThat(manifest.getValue("Url")).startsWith("https://");
        assertThat(manifest.getValue("Minimum-Java-Version")).isEqualTo("17");
    }

    @Test
    void testManifest_pluginDependenciesNameEveryRequiredPluginWithAVersion() {
        Map<String, String> deps = new TreeMap<>();
        for (String d : manifest.getValue("Plugin-Dependencies").split(",")) {
            String[] idAndVersion = d.split(";")[0].split(":", 2);
            deps.put(idAndVersion[0], idAndVersion[1]);
        }
        assertThat(deps).containsOnlyKeys("credentials", "plain-credentials", "workflow-step-api", "structs", "okhttp-api", "jackson2-api");
        assertThat(deps.values()).allSatisfy(v -> assertThat(v).matches("[0-9][0-9A-Za-z._-]*"));
        assertThat(manifest.getValue("Plugin-Dependencies")).isEqualTo(System.getProperty("hpi.pluginDependencies"));
    }

    @Test
    void testWebInfLib_bundlesThePluginJarAndTheEngineOnly() {
        assertThat(libs).contains("registry-pull.jar");
        assertThat(libs).anyMatch(n -> n.startsWith("registry-pull-core-"));
        assertThat(libs).anyMatch(n -> n.startsWith("commons-compress-"));
        // provided by okhttp-api / jackson2-api or by Jenkins itself: bundling a second copy would conflict
        assertThat(libs).noneMatch(n -> n.startsWith("okhttp") || n.startsWith("okio") || n.startsWith("kotlin"));
        // jackson2-api ships databind and core, not the TOML module the engine reads registries.conf with
        assertThat(libs).anyMatch(n -> n.startsWith("jackson-dataformat-toml-"));
        assertThat(libs).filteredOn(n -> n.startsWith("jackson")).allMatch(n -> n.startsWith("jackson-dataformat-toml-"));
        // shipped by jenkins-core itself
        assertThat(libs).noneMatch(n -> n.startsWith("commons-io-") || n.startsWith("commons-codec-"));
        assertThat(libs).noneMatch(n -> n.startsWith("registry-pull-jenkins-api") || n.startsWith("guava")
                || n.startsWith("spring-") || n.startsWith("sezpoz") || n.startsWith("localizer") || n.startsWith("spotbugs"));
        assertThat(hpi.stream().map(ZipEntry::getName)).noneMatch(n -> n.startsWith("WEB-INF/classes/"));
    }

    @Test
    void testPluginJar_holdsClassesViewsMessagesAndIndexes() throws Exception {
        Path jar = tmp.resolve("registry-pull.jar");
        try (InputStream in = hpi.getInputStream(hpi.getEntry("WEB-INF/lib/registry-pull.jar"))) {
            Files.copy(in, jar);
        }
        List<String> entries = new ArrayList<>();
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.add(e.getName());
            }
        }
        assertThat(entries).contains("index.jelly",
                "io/jenkins/plugins/registrypull/Messages.properties",
                "io/jenkins/plugins/registrypull/Messages.class");

        // Jenkins finds @Extension only through META-INF/annotations/hudson.Extension (and @Symbol through
        // META-INF/services/annotations/org.jenkinsci.Symbol): whenever a class carries one, the index must be there.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            List<String> extensions = new ArrayList<>();
            for (String name : entries) {
                if (name.endsWith(".class")) {
                    Class<?> c = Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                    if (carries(c, Extension.class)) {
                        extensions.add(c.getName());
                    }
                }
            }
            if (!extensions.isEmpty()) {
                assertThat(entries).contains("META-INF/annotations/hudson.Extension");
            }
            assertThat(extensions).contains(RegistryPullStep.DescriptorImpl.class.getName(),
                    RegistryPullBuildWrapper.DescriptorImpl.class.getName(), ImageToPull.DescriptorImpl.class.getName());
        }

        // the indexes inside the shipped jar name both descriptors (SezPoz's binary index holds the class names)
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            String extensionIndex = new String(zip.getInputStream(zip.getEntry("META-INF/annotations/hudson.Extension")).readAllBytes(),
                    StandardCharsets.ISO_8859_1);
            String symbolIndex = new String(zip.getInputStream(zip.getEntry("META-INF/services/annotations/org.jenkinsci.Symbol"))
                    .readAllBytes(), StandardCharsets.UTF_8);
            for (String descriptor : List.of(RegistryPullStep.DescriptorImpl.class.getName(),
                    RegistryPullBuildWrapper.DescriptorImpl.class.getName(), ImageToPull.DescriptorImpl.class.getName())) {
                assertThat(extensionIndex).contains(descriptor);
                assertThat(symbolIndex.lines()).contains(descriptor);
            }
        }

        // views and help travel in the jar, beside the classes they belong to
        assertThat(entries).contains("io/jenkins/plugins/registrypull/RegistryPullStep/config.jelly",
                "io/jenkins/plugins/registrypull/RegistryPullStep/help-image.html",
                "io/jenkins/plugins/registrypull/ImageToPull/config.jelly",
                "io/jenkins/plugins/registrypull/RegistryPullBuildWrapper/config.jelly",
                "io/jenkins/plugins/registrypull/PulledImagesAction/summary.jelly",
                "io/jenkins/plugins/registrypull/PulledImagesAction/index.jelly");
    }

    private static boolean carries(Class<?> c, Class<? extends java.lang.annotation.Annotation> a) {
        Stream<AnnotatedElement> members = Stream.concat(Arrays.stream(c.getDeclaredMethods()), Arrays.stream(c.getDeclaredFields()));
        return c.isAnnotationPresent(a) || members.anyMatch(m -> m.isAnnotationPresent(a));
    }
}
