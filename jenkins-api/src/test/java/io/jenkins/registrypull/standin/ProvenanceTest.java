package io.jenkins.registrypull.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every stand-in names, in its first line, the real type it copies and the exact artifact:version its signatures were
 * compared with (docs/architecture.md, "How the stand-ins are kept exact"). A stand-in without a checked source, or
 * copied from another version, fails here.
 */
class ProvenanceTest {
    /** The versions the stand-ins were compared against, member by member. */
    private static final Set<String> CHECKED = Set.of(
            "org.jenkins-ci.main:jenkins-core:2.541.3",
            "org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe",
            "org.jenkins-ci.plugins:plain-credentials:199.v9f8e1f741799",
            "org.jenkins-ci.plugins.workflow:workflow-step-api:710.v3e456cc85233",
            "org.kohsuke.stapler:stapler:2050.v425108fd5089",
            "org.jenkins-ci.main:remoting:3352.v17a_fb_4b_2773f",
            "org.jenkins-ci:annotation-indexer:1.18",
            "org.jenkins-ci:symbol-annotation:1.25",
            "org.jenkins-ci:task-reactor:1.9",
            "org.jenkins-ci.plugins:aws-credentials:262.v0efb_28f71f94",
            "org.jenkins-ci.plugins:azure-credentials:421.vb_ffd07e951a_2",
            "org.jenkins-ci.plugins:variant:70.va_d9f17f859e0");

    private static final Pattern FIRST_LINE = Pattern.compile(
            "// Stand-in for (?:the processor of |(?<type>[\\w.]+) from )"
                    + "(?<gav>[\\w.-]+:[\\w.-]+:[\\w-]+(?:\\.[\\w-]+)*)(?:\\.|\\s.*)?");

    @Test
    void everyStandInNamesItsRealTypeAndACheckedVersion() throws IOException {
        Path root = Paths.get("src/main/java");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !root.relativize(p).startsWith(Paths.get("io/jenkins/registrypull/standin")))
                    .toList();
        }
        assertThat(files).hasSizeGreaterThan(100);
        for (Path f : files) {
            String first = Files.readAllLines(f, StandardCharsets.UTF_8).get(0);
            Matcher m = FIRST_LINE.matcher(first);
            assertThat(m.matches()).as("%s: first line %s", f, first).isTrue();
            String gav = m.group("gav");
            String type = m.group("type");
            assertThat(CHECKED).as("%s names %s", f, gav).contains(gav);
            if (type != null) {
                String expected = root.relativize(f).toString().replace('/', '.').replaceAll("\\.java$", "");
                assertThat(type).as("%s", f).isEqualTo(expected);
            }
        }
    }
}
