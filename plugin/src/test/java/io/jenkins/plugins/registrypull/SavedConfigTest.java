package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;

import com.thoughtworks.xstream.XStream;
import io.jenkins.registrypull.pull.PullSpec;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Configurations outlive releases: a wrapper saved before the pull spec and {@code timeout} existed loads, validates
 * and saves again; and what the step and an image are configured with reads back through their getters, the way
 * Jenkins turns them into a snippet or a form and back (structs' uninstantiate, then instantiate).
 */
class SavedConfigTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private static XStream xstream() {
        XStream xstream = new XStream();
        xstream.allowTypesByWildcard(new String[] {"io.jenkins.plugins.registrypull.**"});
        return xstream;
    }

    private static String fixture() throws Exception {
        try (InputStream in = SavedConfigTest.class.getResourceAsStream("wrapper-config-6aa737f.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void testWrapperSavedBeforeTimeout_loadsWithTheDefaultTimeout() throws Exception {
        RegistryPullBuildWrapper wrapper = (RegistryPullBuildWrapper) xstream().fromXML(fixture());

        assertThat(wrapper.getImages()).hasSize(2);
        ImageToPull app = wrapper.getImages().get(0);
        assertThat(app.getImage()).isEqualTo("registry.example.com/team/app:1.2");
        assertThat(app.getCredentialsId()).isEqualTo("reg-token");
        assertThat(app.getTarget()).isEqualTo("oci");
        assertThat(app.isRequireDigest()).isTrue();
        assertThat(app.getTimeout()).isZero();
        ImageToPull db = wrapper.getImages().get(1);
        assertThat(db.isInsecure()).isTrue();
        assertThat(db.getVerifyKeyId()).isEqualTo("cosign-pub");
        assertThat(db.isRequireSignature()).isTrue();
        assertThat(wrapper.getRegistryCredentials()).singleElement()
                .satisfies(c -> assertThat(c.getCredentialsId()).isEqualTo("reg-token"));

        ValidatedPull pull = PullValidation.validate(app);
        assertThat(pull.spec().timeout()).isEqualTo(PullSpec.DEFAULT_TIMEOUT);
        assertThat(pull.spec().pin()).hasToString(DIGEST);
        assertThat(PullValidation.validate(db).spec().insecure()).isTrue();
    }

    @Test
    void testWrapper_savesAndLoadsTheTimeout() throws Exception {
        RegistryPullBuildWrapper wrapper = (RegistryPullBuildWrapper) xstream().fromXML(fixture());
        wrapper.getImages().get(1).setTimeout(20);

        String saved = xstream().toXML(wrapper);
        RegistryPullBuildWrapper loaded = (RegistryPullBuildWrapper) xstream().fromXML(saved);

        assertThat(saved).contains("<timeout>20</timeout>");
        assertThat(properties(loaded.getImages().get(1))).isEqualTo(properties(wrapper.getImages().get(1)));
        assertThat(PullValidation.validate(loaded.getImages().get(1)).spec().timeout()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void testStepAndImage_everyArgumentReadsBack() throws Exception {
        RegistryPullStep step = new RegistryPullStep("registry.example.com/team/app:1.2");
        ImageToPull image = new ImageToPull("registry.example.com/team/app:1.2");
        for (Object o : List.of(step, image)) {
            set(o, "setCredentialsId", "reg-token");
            set(o, "setPlatform", "linux/arm64");
            set(o, "setTarget", "oci");
            set(o, "setPath", "images/app");
            set(o, "setDigest", DIGEST);
            set(o, "setInsecure", true);
            set(o, "setCaCertificateId", "reg-ca");
            set(o, "setVerifyKeyId", "cosign-pub");
            set(o, "setRequireSignature", true);
            set(o, "setRequireDigest", true);
            set(o, "setTimeout", 15);
        }

        assertThat(properties(step)).isEqualTo(properties(image)).hasSize(12).doesNotContainValue(null);
        assertThat(properties(recreate(step))).isEqualTo(properties(step));
        assertThat(properties(recreate(image))).isEqualTo(properties(image));
        assertThat(properties(step.getPull())).isEqualTo(properties(step));
    }

    private static void set(Object o, String setter, Object value) throws Exception {
        for (Method m : o.getClass().getMethods()) {
            if (m.getName().equals(setter)) {
                m.invoke(o, value);
                return;
            }
        }
        throw new AssertionError(o.getClass() + " has no " + setter);
    }

    /** The data-bound properties (constructor parameters and setters) of {@code o}, read through their getters. */
    private static Map<String, Object> properties(Object o) throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : propertyNames(o.getClass())) {
            values.put(name, getter(o.getClass(), name).invoke(o));
        }
        return values;
    }

    private static List<String> propertyNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Parameter p : dataBoundConstructor(type).getParameters()) {
            names.add(p.getName());
        }
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class)) {
                names.add(Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4));
            }
        }
        names.sort(null);
        return names;
    }

    /** A new instance from {@code o}'s properties: the constructor's by parameter name, then every setter. */
    private static Object recreate(Object o) throws Exception {
        Map<String, Object> values = properties(o);
        Constructor<?> constructor = dataBoundConstructor(o.getClass());
        Object[] args = new Object[constructor.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
            args[i] = values.get(constructor.getParameters()[i].getName());
        }
        Object copy = constructor.newInstance(args);
        for (Method m : o.getClass().getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class)) {
                m.invoke(copy, values.get(Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4)));
            }
        }
        return copy;
    }

    private static Constructor<?> dataBoundConstructor(Class<?> type) {
        for (Constructor<?> c : type.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                return c;
            }
        }
        throw new AssertionError(type + " has no @DataBoundConstructor");
    }

    private static Method getter(Class<?> type, String name) throws NoSuchMethodException {
        String suffix = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        try {
            return type.getMethod("get" + suffix);
        } catch (NoSuchMethodException e) {
            return type.getMethod("is" + suffix);
        }
    }
}
