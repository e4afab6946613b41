package io.jenkins.registrypull.mirror;

import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.reference.ImageReference;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registries.conf example of docs/mirrors.md parses, and means what the page says it means. */
class MirrorsDocTest {

    private static RegistriesConf docExample() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "mirrors.md"));
        Matcher toml = Pattern.compile("```toml\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertThat(toml.find()).as("a ```toml block in docs/mirrors.md").isTrue();
        return RegistriesConfParser.parse(toml.group(1), "docs/mirrors.md");
    }

    private static List<String> plan(RegistriesConf conf, String image) throws InvalidInputException {
        return new SourcePlanner(conf).plan(ImageReference.parse(image), false, null).stream()
                .map(PullSource::describe).toList();
    }

    @Test
    void testDocExample_parsesWithoutNotes_andPlansAsDocumented() throws Exception {
        RegistriesConf conf = docExample();
        assertThat(conf.unsupported()).isEmpty();
        assertThat(conf.registries()).hasSize(3);

        assertThat(plan(conf, "docker.io/library/busybox:1.36")).containsExactly(
                "mirror https://hub-cache.example.com:5000/library/busybox",
                "registry https://registry-1.docker.io/library/busybox");
        assertThat(plan(conf, "busybox@sha256:" + "c".repeat(64))).containsExactly(
                "mirror https://mirror.example.com/dockerhub/library/busybox",
                "mirror https://hub-cache.example.com:5000/library/busybox",
                "registry https://registry-1.docker.io/library/busybox");
        assertThat(plan(conf, "registry.example.com/team/app:1.2")).containsExactly(
                "mirror https://cache.team.example.com/team/app", "registry https://registry-2.example.com/team/app");
        assertThatThrownBy(() -> plan(conf, "untrusted.example.com/x/y:1")).hasMessage("image: untrusted.example.com/"
                + "x/y:1 is blocked by the registries.conf rule with prefix 'untrusted.example.com' (blocked = true);"
                + " nothing was requested. Pull the image from a registry that is allowed, or ask the administrator who"
                + " wrote the rule.");
    }
}
