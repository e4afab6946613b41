package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import io.jenkins.plugins.registrypull.agent.CredentialHelperHandle;
import io.jenkins.plugins.registrypull.testing.ClassFilterTrust;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
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
    /** Each WEB-INF/lib jar's manifest (null if it has none) and, per class it holds, the jar's name. */
    private static final Map<String, Manifest> libManifests = new HashMap<>();
    private static final Map<String, String> jarOfClass = new HashMap<>();

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
        for (String lib : libs) {
            Path copy = Files.createDirectories(tmp.resolve("lib")).resolve(lib);
            try (InputStream in = hpi.getInputStream(hpi.getEntry("WEB-INF/lib/" + lib))) {
                Files.copy(in, copy);
            }
            try (JarFile jar = new JarFile(copy.toFile(), false)) {
                libManifests.put(lib, jar.getManifest());
                jar.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class"))
                        .forEach(n -> jarOfClass.put(n.substring(0, n.length() - 6).replace('/', '.'), lib));
            }
        }
    }

    @Test
    void testPluginJarManifest_isOneJenkinsClassFilterTrusts() {
        // ClassFilterImpl reads the manifest of the jar a class was loaded from - WEB-INF/lib/registry-pull.jar -
        // not the .hpi's; maven-hpi-plugin writes the plugin headers into both.
        Manifest inner = libManifests.get("registry-pull.jar");
        assertThat(inner).as("WEB-INF/lib/registry-pull.jar has a manifest").isNotNull();
        assertThat(ClassFilterTrust.trusts(inner)).as("JEP-200 trusts WEB-INF/lib/registry-pull.jar").isTrue();
        for (String header : List.of("Short-Name", "Long-Name", "Plugin-Version", "Jenkins-Version", "Group-Id", "Plugin-Dependencies")) {
            assertThat(inner.getMainAttributes().getValue(header)).as(header).isEqualTo(manifest.getValue(header));
        }
    }

    @Test
    void testEverythingJenkinsStoresOrReceives_comesFromAJarTheClassFilterTrusts() throws Exception {
        // What XStream writes to config.xml / build.xml, what Pipeline keeps in program.dat, and what agents send
        // back to the controller: every class reachable through their serial fields that we ship must pass the filter.
        List<Class<?>> roots = List.of(RegistryPullBuildWrapper.class, RegistryPullStep.class, PulledImagesAction.class,
                PulledImage.class, CredentialHelperHandle.class, RegistryPullStepExecution.class, WithRegistryAuthStepExecution.class,
                Class.forName(RegistryPullBuildWrapper.class.getName() + "$StopCredentialServer"));
        Set<Class<?>> seen = new HashSet<>();
        Deque<Type> todo = new ArrayDeque<>(roots);
        List<String> shipped = new ArrayList<>();
        while (!todo.isEmpty()) {
            Type t = todo.pop();
            if (t instanceof ParameterizedType p) {
                todo.push(p.getRawType());
                todo.addAll(Arrays.asList(p.getActualTypeArguments()));
            } else if (t instanceof GenericArrayType a) {
                todo.push(a.getGenericComponentType());
            } else if (t instanceof WildcardType w) {
                todo.addAll(Arrays.asList(w.getUpperBounds()));
            } else if (t instanceof Class<?> c && !c.isPrimitive() && seen.add(c)) {
                if (c.isArray()) {
                    todo.push(c.getComponentType());
                    continue;
                }
                String lib = jarOfClass.get(c.getName());
                if (lib == null) {
                    continue; // the JDK, Jenkins core or a plugin dependency: not ours to ship
                }
                shipped.add(c.getName() + " in " + lib);
                assertThat(ClassFilterTrust.trusts(libManifests.get(lib)))
                        .as("%s is stored or sent by Jenkins, so JEP-200 must trust WEB-INF/lib/%s", c.getName(), lib).isTrue();
                for (Class<?> k = c; k != null && jarOfClass.containsKey(k.getName()); k = k.getSuperclass()) {
                    for (Field f : k.getDeclaredFields()) {
                        if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
                            todo.push(f.getGenericType());
                        }
                    }
                    todo.push(k.getGenericSuperclass() == null ? Object.class : k.getGenericSuperclass());
                }
            }
        }
        assertThat(shipped).as("the walk reached the plugin's own serial classes")
                .contains(PulledImage.class.getName() + " in registry-pull.jar", ImageToPull.class.getName() + " in registry-pull.jar");
    }

    @Test
    void testManifest_hasThePluginEntries() {
        assertThat(manifest.getValue("Short-Name")).isEqualTo("registry-pull");
        assertThat(manifest.getValue("Long-Name")).isEqualTo("Registry Pull for Jenkins");
        assertThat(manifest.getValue("Plugin-Version")).isNotBlank();
        assertThat(manifest.getValue("Jenkins-Version")).isEqualTo("2.541.3");
        assertThat(manifest.getValue("Hudson-Version")).isEqualTo("2.541.3");
        assertThat(manifest.getValue("Group-Id")).isEqualTo("io.jenkins.plugins");
        assertThat(manifest.getValue("Artifact-Id")).isEqualTo("registry-pull");
        assertThat(manifest.getValue("Url")).startsWith("https://");
        assertThat(manifest.getValue("Minimum-Java-Version")).isEqualTo("17");
    }

    @Test
    void testManifest_pluginDependenciesNameEveryRequiredPluginWithAVersion() {
        Map<String, String> deps = new TreeMap<>();
        List<String> optional = new ArrayList<>();
        for (String d : manifest.getValue("Plugin-Dependencies").split(",")) {
            String[] idAndVersion = d.split(";")[0].split(":", 2);
            deps.put(idAndVersion[0], idAndVersion[1]);
            if (d.endsWith(";resolution:=optional")) {
                optional.add(idAndVersion[0]);
            }
        }
        assertThat(deps).containsOnlyKeys("credentials", "plain-credentials", "workflow-step-api", "structs", "okhttp-api", "jackson2-api",
                "commons-compress-api", "commons-lang3-api", "variant", "aws-credentials", "azure-credentials");
        assertThat(optional).containsExactlyInAnyOrder("aws-credentials", "azure-credentials");
        assertThat(deps.values()).allSatisfy(v -> assertThat(v).matches("[0-9][0-9A-Za-z._-]*"));
        assertThat(manifest.getValue("Plugin-Dependencies")).isEqualTo(System.getProperty("hpi.pluginDependencies"));
    }

    @Test
    void testWebInfLib_bundlesThePluginJarAndTheEngineOnly() {
        assertThat(libs).contains("registry-pull.jar");
        assertThat(libs).anyMatch(n -> n.startsWith("registry-pull-core-"));
        // provided by commons-compress-api / commons-lang3-api
        assertThat(libs).noneMatch(n -> n.startsWith("commons-compress-") || n.startsWith("commons-lang3-"));
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
