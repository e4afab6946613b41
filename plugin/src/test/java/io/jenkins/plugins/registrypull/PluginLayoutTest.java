package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.jenkinsci.Symbol;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * What Jenkins finds at run time without any code running: the generated extension and symbol indexes list the
 * descriptors, and every form field has its help file and a getter (views are not compiled, so this is their test).
 */
class PluginLayoutTest {
    private static final List<String> DESCRIPTORS = List.of(RegistryPullStep.DescriptorImpl.class.getName(),
            RegistryPullBuildWrapper.DescriptorImpl.class.getName(), ImageToPull.DescriptorImpl.class.getName(),
            WithRegistryAuthStep.DescriptorImpl.class.getName(), RegistryCredential.DescriptorImpl.class.getName(),
            RegistryMirrorsConfiguration.class.getName(), MirroredRegistry.DescriptorImpl.class.getName(),
            RegistryMirror.DescriptorImpl.class.getName());

    @Test
    void testExtensionIndex_listsTheStepAndWrapperDescriptors() throws Exception {
        List<String> found = new ArrayList<>();
        for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, getClass().getClassLoader())) {
            found.add(item.className());
        }
        assertThat(found).containsAll(DESCRIPTORS);
        // instantiable the way Jenkins instantiates extensions
        for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, getClass().getClassLoader())) {
            if (DESCRIPTORS.contains(item.className())) {
                assertThat(item.instance()).isNotNull();
            }
        }
    }

    @Test
    void testSymbolIndex_andSymbolsAreDistinct() throws Exception {
        List<String> lines = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/services/annotations/org.jenkinsci.Symbol"))) {
            try (InputStream in = url.openStream()) {
                lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
            }
        }
        assertThat(lines).containsAll(DESCRIPTORS);
        assertThat(RegistryPullStep.DescriptorImpl.class.getAnnotation(Symbol.class).value()).containsExactly("registryPull");
        assertThat(RegistryPullBuildWrapper.DescriptorImpl.class.getAnnotation(Symbol.class).value())
                .as("a wrapper symbol becomes a Pipeline block step: it must not shadow registryPull").containsExactly("pullImages");
        assertThat(ImageToPull.DescriptorImpl.class.getAnnotation(Symbol.class).value()).containsExactly("registryImage");
    }

    @ParameterizedTest
    @ValueSource(classes = {RegistryPullStep.class, ImageToPull.class, RegistryPullBuildWrapper.class,
            WithRegistryAuthStep.class, RegistryCredential.class, RegistryMirrorsConfiguration.class, MirroredRegistry.class,
            io.jenkins.plugins.registrypull.credentials.AgentIdentityConfiguration.class,
            RegistryMirror.class})
    void testViews_everyFieldHasHelpAndAGetter(Class<?> type) throws Exception {
        String dir = type.getName().replace('.', '/') + "/";
        String jelly = resource(dir + "config.jelly");
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new java.io.ByteArrayInputStream(jelly.getBytes(StandardCharsets.UTF_8)));
        assertThat(resource(dir + "help.html")).contains("<div>");
        if (jelly.contains("page=\"fields.jelly\"")) {
            // the fields of one image to pull, written once (ImageToPull/fields.jelly); help-*.html must still be
            // found beside this class, where Pipeline's step reference reads them (copied there by the build)
            jelly = jelly + resource("io/jenkins/plugins/registrypull/ImageToPull/fields.jelly");
        }
        Matcher m = Pattern.compile("<f:entry[^>]*field=\"([a-zA-Z]+)\"").matcher(jelly);
        List<String> fields = new ArrayList<>();
        while (m.find()) {
            fields.add(m.group(1));
        }
        assertThat(fields).isNotEmpty();
        for (String field : fields) {
            assertThat(resource(dir + "help-" + field + ".html")).as(field).contains("<div>");
            String suffix = Character.toUpperCase(field.charAt(0)) + field.substring(1);
            Method getter = findGetter(type, suffix);
            assertThat(getter).as("getter for " + field).isNotNull();
        }
    }

    @Test
    void testStepAndWrapperImage_shareOneViewAndOneCopyOfEachHelpPage() throws Exception {
        String step = resource("io/jenkins/plugins/registrypull/RegistryPullStep/config.jelly");
        String image = resource("io/jenkins/plugins/registrypull/ImageToPull/config.jelly");
        String include = "<st:include page=\"fields.jelly\" class=\"${descriptor.clazz}\"/>";
        assertThat(image).contains(include).doesNotContain("field=");
        assertThat(step).contains("<j:set var=\"descriptor\" value=\"${descriptor.imageDescriptor}\"/>").contains(include)
                .doesNotContain("field=");
        assertThat(RegistryPullStep.DescriptorImpl.class.getMethod("getImageDescriptor").getReturnType())
                .isEqualTo(ImageToPull.DescriptorImpl.class);
        Path sources = Path.of("src/main/resources/io/jenkins/plugins/registrypull");
        try (Stream<Path> stepSources = Files.list(sources.resolve("RegistryPullStep"))) {
            assertThat(stepSources.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("config.jelly", "help.html");
        }
        try (Stream<Path> helps = Files.list(sources.resolve("ImageToPull"))) {
            for (Path help : helps.filter(p -> p.getFileName().toString().startsWith("help-")).toList()) {
                assertThat(resource("io/jenkins/plugins/registrypull/RegistryPullStep/" + help.getFileName()))
                        .as("the build's copy of " + help.getFileName()).isEqualTo(Files.readString(help));
            }
        }
    }

    @Test
    void testActionViews_parse() throws Exception {
        for (String view : new String[] {"summary.jelly", "index.jelly"}) {
            String jelly = resource("io/jenkins/plugins/registrypull/PulledImagesAction/" + view);
            DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new java.io.ByteArrayInputStream(jelly.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static Method findGetter(Class<?> type, String suffix) {
        for (String prefix : new String[] {"get", "is"}) {
            try {
                return type.getMethod(prefix + suffix);
            } catch (NoSuchMethodException e) {
                // try the next
            }
        }
        return null;
    }

    private String resource(String name) throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
