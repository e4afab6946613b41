package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    void testStepAndWrapperImage_haveTheSameFields() throws Exception {
        String step = resource("io/jenkins/plugins/registrypull/RegistryPullStep/config.jelly");
        String image = resource("io/jenkins/plugins/registrypull/ImageToPull/config.jelly");
        Pattern field = Pattern.compile("field=\"([a-zA-Z]+)\"");
        assertThat(field.matcher(image).results().map(r -> r.group(1)).toList())
                .containsExactlyElementsOf(field.matcher(step).results().map(r -> r.group(1)).toList());
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
