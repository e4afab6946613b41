package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.json.JsonTrees;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which daemons may reach the agent's loopback registry, decided from the address alone, before any pull. */
class DockerPullSinkTest {

    @ParameterizedTest
    @ValueSource(strings = {"unix:///var/run/docker.sock", "unix:///run/user/1000/docker.sock", "fd://",
            "tcp://localhost:2375", "tcp://127.0.0.1:2376", "tcp://127.1.2.3:2375", "tcp://[::1]:2375", "tcp://localhost"})
    void testSharesLoopback_socketsAndLoopbackTcp(String host) {
        assertThat(DockerPullSink.sharesLoopback(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://docker.example.com:2376", "tcp://10.0.0.5:2375", "tcp://127.0.0.1.evil.example:2375",
            "tcp://localhost.example:2375", "ssh://build@docker-host", "npipe:////./pipe/docker_engine"})
    void testSharesLoopback_otherHostsNot(String host) {
        assertThat(DockerPullSink.sharesLoopback(host)).isFalse();
    }

    @Test
    void testPodman_refused() throws Exception {
        ContainerEngine podman = ContainerEngine.byName(ContainerEngine.Kind.PODMAN, null);
        assertThatThrownBy(() -> new DockerPullSink(podman, new JsonTrees(), CommandStarter.LOCAL, line -> { }, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs docker");
    }
}
