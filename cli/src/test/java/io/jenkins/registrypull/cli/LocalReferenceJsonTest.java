package io.jenkins.registrypull.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.testkit.BuiltIndex;
import io.jenkins.registrypull.testkit.CommandResult;
import io.jenkins.registrypull.testkit.DockerDaemon;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.Podman;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON's {@code local} field, used exactly as printed, resolves in docker and podman after the registry is
 * STOPPED, for a pull by tag and by the digest of a multi-platform index. The registry is plain HTTP on loopback,
 * which dockerd would happily pull from: stopping it proves the name is found locally.
 */
class LocalReferenceJsonTest {

    private final BuiltIndex index = TestImages.multiPlatform(ManifestFormat.OCI);

    @TempDir
    Path tmp;

    @Test
    void testLocal_dockerAndPodman_byTagAndDigest_resolvesWithTheRegistryStopped() throws Exception {
        try (DockerDaemon docker = DockerDaemon.start(); Podman podman = Podman.create()) {
            List<JsonNode> dockerResults = new ArrayList<>();
            List<JsonNode> podmanResults = new ArrayList<>();
            try (RegistryServer registry = RegistryServer.openHttp()) {
                try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
                    pusher.pushIndex("team/app", "1.0", index);
                }
                for (String reference : List.of(registry.hostPort() + "/team/app:1.0",
                        registry.hostPort() + "/team/app@" + index.digest())) {
                    dockerResults.add(pull(registry, reference, "--load", "docker", "--load-executable",
                            DockerDaemon.CLIENT, "--docker-host", docker.host()));
                    podmanResults.add(pull(registry, reference, "--load", "podman", "--podman-root",
                            podman.root().toString(), "--podman-runroot", podman.runroot().toString(),
                            "--podman-storage-driver", podman.storageDriver()));
                }
            }
            String config = index.image(Platform.LINUX_AMD64).config().digest();
            for (JsonNode result : dockerResults) {
                String local = result.get("local").asText();
                assertThat(docker.inspect(local, "{{.Id}}")).isEqualTo(config);
                CommandResult created = docker.docker("create", local, "/bin/true");
                assertThat(created.exitCode()).as(created.describe()).isZero();
            }
            assertThat(dockerResults.get(1).get("local").asText()).contains("/team/app:digest-sha256-");
            for (JsonNode result : podmanResults) {
                assertThat(podman.inspect(result.get("local").asText(), "{{.Id}}"))
                        .isEqualTo(config.substring("sha256:".length()));
            }
        }
    }

    @Test
    void testLocal_files_areTransportReferences() throws Exception {
        try (RegistryServer registry = RegistryServer.openHttp()) {
            try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
                pusher.pushIndex("team/app", "1.0", index);
            }
            String byDigest = registry.hostPort() + "/team/app@" + index.digest();
            JsonNode oci = pull(registry, byDigest, "--output", "oci:" + tmp.resolve("layout"));
            JsonNode archive = pull(registry, byDigest, "--output", "docker-archive:" + tmp.resolve("a.tar"));
            assertThat(oci.get("local").asText()).isEqualTo("oci:" + tmp.resolve("layout") + ":digest-sha256-"
                    + index.digest().substring("sha256:".length()));
            assertThat(archive.get("local").asText()).isEqualTo("docker-archive:" + tmp.resolve("a.tar"));
        }
    }

    private JsonNode pull(RegistryServer registry, String reference, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("pull", reference, "--platform", "linux/amd64",
                "--insecure-registry", registry.hostPort(), "--store", tmp.resolve("store").toString()));
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
        return new ObjectMapper().readTree(out.toString());
    }
}
