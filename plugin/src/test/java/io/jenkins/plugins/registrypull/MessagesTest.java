package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.jvnet.localizer.Localizable;

/** The generated Messages class has the shape localizer-maven-plugin generates and formats from the bundle. */
class MessagesTest {
    @Test
    void testMessages_formatsKeysWithAndWithoutArguments() {
        assertThat(Messages.RegistryPullStep_DisplayName()).isEqualTo("Pull a container image from a registry");
        assertThat(Messages.RegistryPull_CredentialsNotFound("credentialsId", "reg-token", "reg.example"))
                .startsWith("credentialsId: cannot find credentials 'reg-token' for registry reg.example.")
                .contains("this job's folder");
    }

    @Test
    void testLocalizable_isLazyAndLocaleAware() {
        Localizable l = Messages._RegistryPull_Failed("reg.example/app:1", "denied");
        assertThat(l.getKey()).isEqualTo("RegistryPull.Failed");
        assertThat(l.toString(Locale.ENGLISH)).isEqualTo("Could not pull reg.example/app:1: denied");
    }

    @Test
    void testShape_staticStringAndLocalizablePairsPerKey() throws Exception {
        Method s = Messages.class.getMethod("RegistryPull_Failed", Object.class, Object.class);
        Method l = Messages.class.getMethod("_RegistryPull_Failed", Object.class, Object.class);
        assertThat(Modifier.isStatic(s.getModifiers()) && Modifier.isPublic(s.getModifiers())).isTrue();
        assertThat(s.getReturnType()).isEqualTo(String.class);
        assertThat(l.getReturnType()).isEqualTo(Localizable.class);
        assertThat(Messages.class.getMethod("RegistryPullStep_DisplayName").getParameterCount()).isZero();
    }
}
