package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The release build (pom-jenkins.xml, which cannot run here) and the default build (pom.xml) must make the same
 * plugin: same coordinates and scm, same Jenkins baseline, and the same plugin dependencies at the same versions, so
 * that the Plugin-Dependencies this build stamps are the ones maven-hpi-plugin would stamp. One exception, named in
 * {@link #RELEASE_ONLY}: the release build takes the AWS SDK from its API plugin, which the default build cannot
 * download (only Maven Central is reachable where it runs), so the default build bundles the SDK instead.
 */
class ReleaseBuildTest {
    /** Plugin dependencies of the release build alone: the AWS SDK's API plugin, required (the engine mints ECR logins). */
    private static final String RELEASE_ONLY = "aws-java-sdk2-core";

    private static Element release;
    private static Element standin;

    @BeforeAll
    static void parse() throws Exception {
        release = read("pom-jenkins.xml");
        standin = read("pom.xml");
    }

    @Test
    void testReleaseBuild_isOnTheParentAndBomOfTheJava17Line() {
        Element parent = child(release, "parent");
        assertThat(text(parent, "groupId") + ":" + text(parent, "artifactId") + ":" + text(parent, "version"))
                .isEqualTo("org.jenkins-ci.plugins:plugin:6.2221.va_045130417c9");
        assertThat(properties(release)).containsEntry("bom.version", "6916.v15ec97679743")
                .containsEntry("jenkins.baseline", "2.541").containsEntry("jenkins.version", "${jenkins.baseline}.3");
        assertThat(properties(standin)).containsEntry("jenkins.version", "2.541.3");
        assertThat(text(release, "packaging")).isEqualTo("hpi");
    }

    @Test
    void testTestKit_runsOnTheOkHttpOfOkhttpApi() throws Exception {
        assertThat(properties(release).get("okhttp.version")).isEqualTo(properties(read("../pom.xml")).get("jenkins-runtime.okhttp.version"));
        assertThat(properties(standin).get("okhttp-api-plugin.version")).startsWith(properties(release).get("okhttp.version") + "-");
    }

    @Test
    void testBothBuilds_makeTheSamePluginFromTheSameScm() {
        for (String field : List.of("artifactId", "name", "description", "url")) {
            assertThat(text(release, field)).as(field).isEqualTo(text(standin, field));
        }
        assertThat(text(release, "groupId")).isEqualTo("io.jenkins.plugins").isEqualTo(text(standin, "groupId"));
        String repo = properties(release).get("gitHubRepo");
        assertThat(text(child(release, "scm"), "url").replace("${gitHubRepo}", repo)).isEqualTo(text(child(standin, "scm"), "url"));
        assertThat(text(child(release, "scm"), "connection").replace("${gitHubRepo}", repo))
                .isEqualTo(text(child(standin, "scm"), "connection"));
    }

    @Test
    void testPluginDependencies_oneSetOfVersionsForBothBuilds() {
        Map<String, String> releaseVersions = pluginVersions(release);
        Map<String, String> shared = new TreeMap<>(releaseVersions);
        assertThat(shared.remove(RELEASE_ONLY + "-plugin.version")).as(RELEASE_ONLY).isNotNull();
        assertThat(shared).isEqualTo(pluginVersions(standin)).isNotEmpty();

        // every plugin the release build depends on (not test scope) is pinned to that property and is stamped by the
        // default build into Plugin-Dependencies with the same property (an optional one with resolution:=optional)
        List<String> stamped = Arrays.stream(properties(standin).get("plugin.dependencies").split(","))
                .collect(Collectors.toList());
        List<String> released = new ArrayList<>();
        NodeList deps = child(release, "dependencies").getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String id = text(d, "artifactId");
            if (text(d, "scope") == null && releaseVersions.containsKey(id + "-plugin.version")) {
                assertThat(text(d, "version")).as(id).isEqualTo("${" + id + "-plugin.version}");
                boolean optional = "true".equals(text(d, "optional"));
                released.add(id + ":${" + id + "-plugin.version}" + (optional ? ";resolution:=optional" : ""));
            }
        }
        assertThat(released).contains(RELEASE_ONLY + ":${" + RELEASE_ONLY + "-plugin.version}");
        released.remove(RELEASE_ONLY + ":${" + RELEASE_ONLY + "-plugin.version}");
        assertThat(released).containsExactlyInAnyOrderElementsOf(stamped);
    }

    @Test
    void testReleaseBuild_takesTheAwsSdkFromItsApiPlugin() throws Exception {
        // the version BOM 6916.v15ec97679743 manages for bom-2.541.x, and the SDK version that plugin bundles
        Map<String, String> properties = properties(release);
        assertThat(properties).containsEntry(RELEASE_ONLY + "-plugin.version", "2.42.33-70.vd69c0763fa_60");
        assertThat(properties.get(RELEASE_ONLY + "-plugin.version")).startsWith(properties.get("aws-sdk2.version") + "-");
        // the engine's second test pass (-Pjenkins-runtime-libs) runs on that same SDK version
        assertThat(properties.get("aws-sdk2.version"))
                .isEqualTo(properties(read("../pom.xml")).get("jenkins-runtime.aws-sdk.version"));

        // the engine's SDK modules stay out of WEB-INF/lib; url-connection-client, which no API plugin ships, is
        // bundled alone at the plugin's SDK version
        assertThat(exclusions(dependency("io.jenkins.plugins.registry-pull", "registry-pull-core")))
                .contains("software.amazon.awssdk:*", "org.reactivestreams:*");
        Element urlConnection = dependency("software.amazon.awssdk", "url-connection-client");
        assertThat(text(urlConnection, "version")).isEqualTo("${aws-sdk2.version}");
        assertThat(text(urlConnection, "scope")).isNull();
        assertThat(exclusions(urlConnection)).contains("software.amazon.awssdk:*", "org.reactivestreams:*");
        Element sdk = dependency("io.jenkins.plugins.aws-java-sdk2", RELEASE_ONLY);
        assertThat(text(sdk, "optional")).isNull();
        assertThat(text(sdk, "scope")).isNull();
    }

    /** The release build's direct dependency with these coordinates. */
    private static Element dependency(String groupId, String artifactId) {
        NodeList deps = child(release, "dependencies").getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            if (groupId.equals(text(d, "groupId")) && artifactId.equals(text(d, "artifactId"))) {
                return d;
            }
        }
        throw new AssertionError("pom-jenkins.xml does not depend on " + groupId + ":" + artifactId);
    }

    private static List<String> exclusions(Element dependency) {
        List<String> out = new ArrayList<>();
        NodeList nodes = dependency.getElementsByTagName("exclusion");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            out.add(text(e, "groupId") + ":" + text(e, "artifactId"));
        }
        return out;
    }

    private static Map<String, String> pluginVersions(Element pom) {
        Map<String, String> versions = new TreeMap<>();
        properties(pom).forEach((k, v) -> {
            if (k.endsWith("-plugin.version")) {
                versions.put(k, v);
            }
        });
        return versions;
    }

    private static Map<String, String> properties(Element pom) {
        Map<String, String> properties = new TreeMap<>();
        NodeList nodes = child(pom, "properties").getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e) {
                properties.put(e.getTagName(), e.getTextContent().trim());
            }
        }
        return properties;
    }

    private static Element read(String file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(Path.of(file).toFile());
        return doc.getDocumentElement();
    }

    /** The direct child element of that name, or null. */
    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
