package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.registrypull.testing.ClassFilterTrust;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** The JEP-200 trust rule that {@link HpiLayoutIT} applies, checked on the manifests Jenkins sees in practice. */
class ClassFilterTrustTest {

    @Test
    void testTrusts_aPluginManifestWithPluginVersionOrJenkinsVersion() throws IOException {
        assertThat(ClassFilterTrust.trusts(manifest("Short-Name: x\nPlugin-Version: 1\n"))).isTrue();
        assertThat(ClassFilterTrust.trusts(manifest("Short-Name: x\nJenkins-Version: 2.541.3\n"))).isTrue();
        assertThat(ClassFilterTrust.trusts(manifest("Jenkins-ClassFilter-Whitelisted: true\n"))).isTrue();
    }

    @Test
    void testRefuses_aBareJarManifestAndHalfAPluginManifest() throws IOException {
        assertThat(ClassFilterTrust.trusts(null)).isFalse();
        assertThat(ClassFilterTrust.trusts(manifest("Created-By: Maven JAR Plugin 3.4.2\nBuild-Jdk-Spec: 17\n"))).isFalse();
        assertThat(ClassFilterTrust.trusts(manifest("Short-Name: x\n"))).isFalse();
        assertThat(ClassFilterTrust.trusts(manifest("Plugin-Version: 1\nJenkins-Version: 2.541.3\n"))).isFalse();
        assertThat(ClassFilterTrust.trusts(manifest("Jenkins-ClassFilter-Whitelisted: yes\n"))).isFalse();
    }

    private static Manifest manifest(String attributes) throws IOException {
        return new Manifest(new ByteArrayInputStream(("Manifest-Version: 1.0\n" + attributes + "\n").getBytes(StandardCharsets.UTF_8)));
    }
}
