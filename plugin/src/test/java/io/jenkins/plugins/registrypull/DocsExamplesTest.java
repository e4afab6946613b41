package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every code example in README.md, docs/*.md and the plugin's help pages that runs an image runs a name the target resolves locally
 * (issue 12): a registry reference ({@code pinned}, {@code REGISTRY_PULL_IMAGE_<n>}, a literal {@code @sha256:}, or
 * a variable set from one of them) in a {@code docker run}/{@code create}, {@code podman run}/{@code create},
 * {@code docker.image(...)}, Declarative {@code image '...'} or {@code FROM} is not found after a load: docker keeps
 * no registry digest for a loaded image and podman none for a multi-platform index.
 */
class DocsExamplesTest {
    private static final Pattern RUNS_AN_IMAGE = Pattern.compile(
            "\\b(?:docker|podman)\\s+(?:run|create|container\\s+create|image\\s+inspect)\\b|docker\\.image\\(|^\\s*image\\s+['\"]"
                    + "|^\\s*FROM\\s");
    private static final Pattern REGISTRY_ONLY = Pattern.compile(
            "\\.pinned\\b|REGISTRY_PULL_IMAGE_|@sha256:|getPinnedReference");
    private static final Pattern ASSIGNED_FROM_REGISTRY_ONLY = Pattern.compile(
            "(?:env\\.)?(\\w+)\\s*=\\s*(?:\\w+\\.pinned\\b|\"?\\$\\{?REGISTRY_PULL_IMAGE_)");

    @Test
    void testDocs_noExampleRunsARegistryOnlyReference() throws IOException {
        List<Path> files = documents();
        assertThat(files).hasSizeGreaterThan(5);
        List<String> findings = new ArrayList<>();
        for (Path file : files) {
            findings.addAll(check(root().relativize(file).toString(), Files.readString(file)));
        }
        assertThat(findings).as("examples that run a registry reference; use local / REGISTRY_PULL_LOCAL_<n>").isEmpty();
    }

    @Test
    void testCheck_catchesTheOldReadmeExample_andVariablesSetFromPinned() {
        assertThat(check("old", "```groovy\n    sh \"docker run --rm ${pulled.pinned} ./run-tests\"\n```\n")).hasSize(1);
        assertThat(check("old", "```groovy\nenv.APP = pulled.pinned\n}\nsh 'docker run --rm \"$APP\" ./run-tests'\n```\n"))
                .hasSize(1);
        assertThat(check("old", "```sh\ndocker run --rm \"$REGISTRY_PULL_IMAGE_1\" ./run-tests\n```\n")).hasSize(1);
        assertThat(check("old", "```groovy\ndocker.image(\"${app.pinned}\").inside { }\n```\n")).hasSize(1);
        assertThat(check("new", "```groovy\nsh \"docker run --rm ${pulled.local} ./run-tests\"\n"
                + "echo \"tested ${pulled.pinned}\"\n```\n")).isEmpty();
        assertThat(check("prose", "docker keeps no digest, so `docker run ${pulled.pinned}` goes back\n")).isEmpty();
        assertThat(check("help.html", "<p>For example:</p>\n<pre>def pulled = registryPull image: 'r/a:1'\n"
                + "sh \"docker run --rm ${pulled.pinned}\"</pre>\n<p>docker run is fine in prose</p>\n")).hasSize(1);
        assertThat(check("help.html", "<li>e.g. <code>docker run --rm \"$REGISTRY_PULL_IMAGE_1\"</code>;</li>\n")).hasSize(1);
    }

    /** One finding per line of a fenced code block that runs a registry-only reference. */
    static List<String> check(String name, String markdown) {
        List<String> findings = new ArrayList<>();
        boolean inCode = false;
        Set<String> registryOnlyVariables = new HashSet<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
                registryOnlyVariables.clear();
                continue;
            }
            if (line.contains("<pre>") || line.contains("<code>")) {
                inCode = true; // help pages: a <pre> block, or an inline <code> example
                line = line.replaceAll(".*<(?:pre|code)>", "");
            }
            if (!inCode) {
                continue;
            }
            Matcher assigned = ASSIGNED_FROM_REGISTRY_ONLY.matcher(line);
            while (assigned.find()) {
                registryOnlyVariables.add(assigned.group(1));
            }
            if (!RUNS_AN_IMAGE.matcher(line).find()) {
                continue;
            }
            boolean registryOnly = REGISTRY_ONLY.matcher(line).find();
            for (String variable : registryOnlyVariables) {
                if (Pattern.compile("\\$\\{?" + variable + "\\b|env\\." + variable + "\\b").matcher(line).find()) {
                    registryOnly = true;
                }
            }
            if (registryOnly) {
                findings.add(name + ":" + (i + 1) + ": " + line.strip());
            }
            if (lines[i].contains("</pre>") || lines[i].contains("</code>") && !lines[i].contains("<pre>")) {
                inCode = lines[i].lastIndexOf("<pre>") > lines[i].lastIndexOf("</pre>");
            }
        }
        return findings;
    }

    private static List<Path> documents() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(root().resolve("README.md"));
        try (Stream<Path> docs = Files.list(root().resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        try (Stream<Path> help = Files.walk(root().resolve("plugin/src/main/resources"))) {
            help.filter(p -> p.getFileName().toString().matches("help.*\\.html")).sorted().forEach(files::add);
        }
        return files;
    }

    /** The repository root: the first directory upwards from the module that holds README.md and docs/. */
    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("README.md and docs/ not found above " + Path.of("").toAbsolutePath());
    }
}
