package io.jenkins.registrypull.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Locale;
import org.jvnet.localizer.Localizable;
import org.junit.jupiter.api.Test;

/** The generated Messages class has the shape localizer-maven-plugin generates and formats from the bundle. */
class MessagesTest {
    @Test
    void testMessages_formatsKeysWithAndWithoutArguments() {
        assertThat(Messages.RegistryPullStep_DisplayName()).isEqualTo("Pull a container image from a registry");
        assertThat(Messages.RegistryPull_CredentialsNotFound("reg-token", "reg.example"))
                .isEqualTo("Cannot find credentials 'reg-token' of a supported type for reg.example.");
    }

    @Test
    void testLocalizable_isLazyAndLocaleAware() {
        Localizable l = Messages._RegistryPull_CredentialsNotFound("id", "host");
        assertThat(l.getKey()).isEqualTo("RegistryPull.CredentialsNotFound");
        assertThat(l.toString(Locale.ENGLISH)).isEqualTo("Cannot find credentials 'id' of a supported type for host.");
    }

    @Test
    void testShape_staticStringAndLocalizablePairsPerKey() throws Exception {
        Method s = Messages.class.getMethod("RegistryPull_CredentialsNotFound", Object.class, Object.class);
        Method l = Messages.class.getMethod("_RegistryPull_CredentialsNotFound", Object.class, Object.class);
        assertThat(Modifier.isStatic(s.getModifiers()) && Modifier.isPublic(s.getModifiers())).isTrue();
        assertThat(s.getReturnType()).isEqualTo(String.class);
        assertThat(l.getReturnType()).isEqualTo(Localizable.class);
        assertThat(Messages.class.getMethod("RegistryPullStep_DisplayName").getParameterCount()).isZero();
    }
}
