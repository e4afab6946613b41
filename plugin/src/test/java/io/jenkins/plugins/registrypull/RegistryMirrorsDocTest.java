package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jenkins.registrypull.mirror.PullFromMirror;
import io.jenkins.registrypull.mirror.RegistriesConf;
import io.jenkins.registrypull.standin.StandIn;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The JCasC example of docs/mirrors.md binds to the configuration classes the way configuration-as-code binds: the
 * {@code @Symbol} names the configuration, each key is a {@code @DataBoundConstructor} parameter or a
 * {@code @DataBoundSetter}, lists of objects become the setter's element type; an unknown key fails.
 */
class RegistryMirrorsDocTest {

    @AfterEach
    void reset() {
        StandIn.reset();
    }

    @Test
    void testJcascExample_bindsToTheConfiguration() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "mirrors.md"));
        Matcher yaml = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertThat(yaml.find()).as("a ```yaml block in docs/mirrors.md").isTrue();
        JsonNode root = new YAMLMapper().readTree(yaml.group(1));
        String symbol = RegistryMirrorsConfiguration.class.getAnnotation(Symbol.class).value()[0];
        JsonNode node = root.path("unclassified").path(symbol);
        assertThat(node.isObject()).as("unclassified." + symbol).isTrue();

        RegistryMirrorsConfiguration config = (RegistryMirrorsConfiguration) bind(RegistryMirrorsConfiguration.class, node);

        assertThat(config.isReadAgentRegistriesConf()).isFalse();
        assertThat(config.getRegistries()).hasSize(2);
        MirroredRegistry hub = config.getRegistries().get(0);
        assertThat(hub.getPrefix()).isEqualTo("docker.io");
        assertThat(hub.getMirrors()).extracting(RegistryMirror::getLocation)
                .containsExactly("hub-cache.example.com:5000", "mirror.example.com/dockerhub");
        assertThat(hub.getMirrors().get(0).getCredentialsId()).isEqualTo("hub-cache-reader");
        assertThat(hub.getMirrors().get(0).getCaCertificateId()).isEqualTo("hub-cache-ca");
        assertThat(hub.getMirrors().get(1).getPullFromMirror()).isEqualTo(PullFromMirror.DIGEST_ONLY.value());
        assertThat(config.getRegistries().get(1).isBlocked()).isTrue();
        // and it is a valid registries.conf structure
        RegistriesConf rules = config.rules(Map.of());
        assertThat(rules.find("docker.io/library/busybox:1.36").mirrors()).hasSize(2);
        assertThat(rules.find("untrusted.example.com/x:1").blocked()).isTrue();
    }

    private static Object bind(Class<?> type, JsonNode node) throws Exception {
        List<String> used = new ArrayList<>();
        Object instance = null;
        for (Constructor<?> c : type.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                Object[] args = new Object[c.getParameterCount()];
                Parameter[] params = c.getParameters();
                for (int i = 0; i < params.length; i++) {
                    args[i] = value(params[i].getParameterizedType(), node.get(params[i].getName()));
                    used.add(params[i].getName());
                }
                instance = c.newInstance(args);
            }
        }
        if (instance == null) {
            instance = type.getConstructor().newInstance();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (used.contains(e.getKey())) {
                continue;
            }
            Method setter = setter(type, e.getKey());
            setter.invoke(instance, value(setter.getGenericParameterTypes()[0], e.getValue()));
        }
        return instance;
    }

    private static Method setter(Class<?> type, String key) {
        String name = "set" + Character.toUpperCase(key.charAt(0)) + key.substring(1);
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.isAnnotationPresent(DataBoundSetter.class) && m.getParameterCount() == 1) {
                return m;
            }
        }
        return fail("JCasC would refuse '" + key + "': " + type.getSimpleName() + " has no @DataBoundSetter " + name);
    }

    private static Object value(Type type, JsonNode node) throws Exception {
        if (node == null || node.isNull()) {
            return null;
        }
        if (type == boolean.class || type == Boolean.class) {
            return node.asBoolean();
        }
        if (type == String.class) {
            return node.asText();
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            List<Object> list = new ArrayList<>();
            for (JsonNode element : node) {
                list.add(bind((Class<?>) p.getActualTypeArguments()[0], element));
            }
            return list;
        }
        return fail("unexpected type " + type);
    }
}
