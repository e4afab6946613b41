package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.DockerDaemon;
import io.jenkins.registrypull.testkit.Platform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/** The lifecycle of the tests against a private dockerd 20.10: the registry fixture and the daemon, once per class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RealDockerTest {

    RealEngineFixture fixture;
    DockerDaemon docker;

    @BeforeAll
    void start() {
        fixture = new RealEngineFixture();
        docker = DockerDaemon.start();
        System.out.printf("dockerd %s started in %d ms%n", docker.serverVersion(), docker.startDuration().toMillis());
    }

    @AfterAll
    void stop() {
        try {
            if (docker != null) {
                docker.close();
            }
        } finally {
            fixture.close();
        }
    }

    /** docker has {@code expected} under {@code reference}: its id, platform, name and two layers. */
    void assertInDocker(String reference, Platform platform, BuiltImage expected) {
        assertThat(docker.inspect(reference, "{{.Id}}")).isEqualTo(expected.config().digest());
        assertThat(docker.inspect(reference, "{{.Architecture}} {{.Os}} {{.Variant}}"))
                .isEqualTo((platform.architecture() + " " + platform.os() + " "
                        + (platform.variant() == null ? "" : platform.variant())).strip());
        assertThat(docker.inspect(reference, "{{json .RepoTags}}")).contains("\"" + reference + "\"");
        assertThat(docker.inspect(reference, "{{len .RootFS.Layers}}")).isEqualTo("2");
    }
}
