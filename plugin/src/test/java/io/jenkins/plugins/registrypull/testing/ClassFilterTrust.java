package io.jenkins.plugins.registrypull.testing;

import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The rule by which Jenkins' JEP-200 class filter ({@code jenkins.security.ClassFilterImpl#isPluginManifest} in
 * jenkins-core 2.541.3) trusts the classes of a jar: the jar's own manifest has {@code Short-Name} and either
 * {@code Plugin-Version} or {@code Jenkins-Version}, or says {@code Jenkins-ClassFilter-Whitelisted: true}.
 * Classes from a jar that fails it are refused by XStream (config.xml, build.xml) and by Remoting on the controller.
 * Written here from that source so that the packaging test applies the same rule to the jars we ship.
 */
public final class ClassFilterTrust {
    private ClassFilterTrust() {
    }

    public static boolean trusts(Manifest manifest) {
        if (manifest == null) {
            return false;
        }
        Attributes attr = manifest.getMainAttributes();
        boolean plugin = attr.getValue("Short-Name") != null
                && (attr.getValue("Plugin-Version") != null || attr.getValue("Jenkins-Version") != null);
        return plugin || "true".equals(attr.getValue("Jenkins-ClassFilter-Whitelisted"));
    }
}
