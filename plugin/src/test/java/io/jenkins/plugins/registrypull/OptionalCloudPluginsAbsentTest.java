package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.registrypull.credentials.AwsCredentialType;
import io.jenkins.plugins.registrypull.credentials.AzureCredentialType;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jenkinsci.plugins.variant.OptionalExtension;
import org.junit.jupiter.api.Test;

/**
 * The plugin loads and works where aws-credentials and azure-credentials (and the AWS SDK they bring) are not
 * installed: in a class loader without their classes, every class of the plugin but the two
 * {@code @OptionalExtension} credential types loads and links, and a pull's credentials still resolve.
 */
class OptionalCloudPluginsAbsentTest {
    private static final List<String> ABSENT = List.of("com.cloudbees.jenkins.plugins.awscredentials.",
            "com.microsoft.azure.", "software.amazon.awssdk.");

    /** The test class path without the optional plugins' packages, each class loaded afresh (child first). */
    static final class WithoutCloudPlugins extends URLClassLoader {
        WithoutCloudPlugins() throws Exception {
            super(classPath(), ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            for (String prefix : ABSENT) {
                if (name.startsWith(prefix)) {
                    throw new ClassNotFoundException(name + " (plugin not installed)");
                }
            }
            return super.loadClass(name, resolve);
        }

        private static URL[] classPath() throws Exception {
            String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<URL> urls = new ArrayList<>();
            for (String entry : path.split(File.pathSeparator)) {
                urls.add(Paths.get(entry).toUri().toURL());
            }
            return urls.toArray(new URL[0]);
        }
    }

    /** Only the two optional types refer to the cloud plugins' classes (their constant pools name them); nothing else. */
    @Test
    void testOnlyTheOptionalTypesReferToTheCloudPlugins() throws Exception {
        Path classes = Paths.get(RegistryPullStep.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> referring = new ArrayList<>();
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(p).toString().replace(File.separatorChar, '.').replaceAll("\\.class$", "");
                all.add(name);
                String pool = new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1);
                if (ABSENT.stream().anyMatch(prefix -> pool.contains(prefix.replace('.', '/')))) {
                    referring.add(name);
                }
            }
        }
        assertThat(all).hasSizeGreaterThan(40);
        assertThat(referring).containsExactlyInAnyOrder(AwsCredentialType.class.getName(), AzureCredentialType.class.getName());
        // ...which Jenkins activates only where their plugin is installed
        assertThat(AwsCredentialType.class.getAnnotation(OptionalExtension.class).requirePlugins()).containsExactly("aws-credentials");
        assertThat(AzureCredentialType.class.getAnnotation(OptionalExtension.class).requirePlugins()).containsExactly("azure-credentials");
        // and every other class loads and links without them
        try (WithoutCloudPlugins loader = new WithoutCloudPlugins()) {
            for (String name : all) {
                if (!referring.contains(name)) {
                    Class<?> c = Class.forName(name, true, loader);
                    c.getDeclaredMethods();
                    c.getDeclaredFields();
                }
            }
        }
    }

    @Test
    void testAPullsCredentialsResolveWithoutTheCloudPlugins() throws Exception {
        try (WithoutCloudPlugins loader = new WithoutCloudPlugins()) {
            // the hiding is real: the optional type fails as soon as it touches the plugin's classes
            Object aws = Class.forName(AwsCredentialType.class.getName(), true, loader).getDeclaredConstructor().newInstance();
            assertThatThrownBy(() -> aws.getClass().getMethod("matcher").invoke(aws))
                    .hasRootCauseInstanceOf(ClassNotFoundException.class);
            @SuppressWarnings("unchecked")
            Callable<String> scenario = (Callable<String>) Class.forName(OptionalCloudPluginsAbsentScenario.class.getName(), true, loader)
                    .getDeclaredConstructor().newInstance();
            assertThat(scenario.call()).isEqualTo("user 'ci-bot' from credentials 'reg'; login types: [reg]; agent-identity refused");
        }
    }
}
