package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.Extension;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.registrypull.testing.TestCredentials;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInJob;
import io.jenkins.registrypull.standin.StandInWeb;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

/**
 * The descriptors' web methods as Stapler dispatches them (StandInWeb): the form endpoints list credentials or check
 * values, so a GET (a link or an image tag on another site) must not reach them (CSRF); their {@code @QueryParameter}s
 * bind by parameter name.
 */
class WebMethodsTest {
    @TempDir
    Path home;

    @BeforeEach
    void start() throws Exception {
        StandIn.reset();
        StandIn.startJenkins(home.toFile());
        TestCredentials.registerDescriptors();
        TestCredentials.usernamePassword("reg-user", "ci-bot", "s3cret");
    }

    @AfterEach
    void stop() {
        StandIn.reset();
    }

    /** Every doFill/doCheck method of every descriptor the plugin registers. */
    private static List<Object[]> formMethods() throws Exception {
        List<Object[]> r = new ArrayList<>();
        for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, WebMethodsTest.class.getClassLoader())) {
            Object instance = item.instance();
            if (!(instance instanceof Descriptor) || !item.className().startsWith("io.jenkins.plugins.registrypull")) {
                continue;
            }
            for (Method m : instance.getClass().getMethods()) {
                if (m.getName().startsWith("doFill") || m.getName().startsWith("doCheck")) {
                    r.add(new Object[] {instance, m.getName()});
                }
            }
        }
        return r;
    }

    @Test
    void everyFormMethodRefusesGet() throws Exception {
        StandInJob job = StandInJob.create("app");
        List<Object[]> methods = formMethods();
        assertThat(methods).as("descriptors with form methods were found").hasSizeGreaterThan(10);
        for (Object[] m : methods) {
            assertThatThrownBy(() -> StandInWeb.call("GET", m[0], (String) m[1], Map.of(), job))
                    .as("%s.%s", m[0].getClass().getName(), m[1]).isInstanceOf(StandInWeb.NotHandled.class);
            Object answer = StandInWeb.call("POST", m[0], (String) m[1], Map.of(), job);
            assertThat(answer).as("%s.%s", m[0].getClass().getName(), m[1]).isInstanceOfAny(ListBoxModel.class, FormValidation.class);
        }
    }

    @Test
    void queryParametersBindByName() throws Exception {
        StandInJob job = StandInJob.create("app");
        ImageToPull.DescriptorImpl image = new ImageToPull.DescriptorImpl();
        StandIn.grantOnly(Item.READ);
        try (var ctx = hudson.security.ACL.as2(new UsernamePasswordAuthenticationToken("alice", "x"))) {
            ListBoxModel model = (ListBoxModel) StandInWeb.call("POST", image, "doFillCredentialsIdItems",
                    Map.of("credentialsId", "kept", "image", "reg.example.com/app"), job);
            assertThat(model).extracting(o -> o.value).containsExactly("kept");
        }
        StandIn.grantAll();
        FormValidation v = (FormValidation) StandInWeb.call("POST", image, "doCheckCredentialsId",
                Map.of("value", "nope", "image", "reg.example.com/app"), job);
        assertThat(v.kind).isEqualTo(FormValidation.Kind.ERROR);
    }
}
