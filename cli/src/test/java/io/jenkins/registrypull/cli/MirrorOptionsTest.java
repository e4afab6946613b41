package io.jenkins.registrypull.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.FreePort;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestCa;
import io.jenkins.registrypull.testkit.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --registries-conf} and {@code --mirror-ca-cert} against real registries: an origin and a TLS mirror. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MirrorOptionsTest {

    private final BuiltImage image = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
    private final TestCa mirrorCa = TestCa.create();
    private RegistryServer origin;
    private RegistryServer mirror;

    @TempDir
    Path tmp;

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    void start() {
        origin = RegistryServer.openHttp();
        mirror = RegistryServer.openTls(mirrorCa);
        for (RegistryServer r : List.of(origin, mirror)) {
            try (RegistryPusher pusher = RegistryPusher.forRegistry(r)) {
                pusher.pushImage("team/app", "1", image);
            }
        }
    }

    @AfterAll
    void stop() {
        mirror.close();
        origin.close();
    }

    private Run pull(String conf, String... more) throws Exception {
        Path file = Files.writeString(tmp.resolve("registries-" + System.nanoTime() + ".conf"), conf);
        List<String> args = new ArrayList<>(List.of("pull", origin.hostPort() + "/team/app:1", "--output",
                "oci:" + tmp.resolve("out-" + System.nanoTime()), "--store", tmp.resolve("store-" + System.nanoTime())
                .toString(), "--registries-conf", file.toString()));
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private String conf(String mirrorLocation, String extra) {
        return "short-name-mode = \"enforcing\"\n[[registry]]\nlocation = \"" + origin.hostPort() + "\"\n"
                + "insecure = true\n" + extra + "[[registry.mirror]]\nlocation = \"" + mirrorLocation + "\"\n";
    }

    @Test
    void testPullThroughATlsMirror_withItsOwnCa_jsonSaysWhoServed() throws Exception {
        Path ca = mirrorCa.writeCaPem(tmp.resolve("mirror-ca"));
        Run run = pull(conf(mirror.hostPort(), ""), "--mirror-ca-cert", mirror.hostPort() + "=" + ca);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).contains("Note: --registries-conf").contains("'short-name-mode' is not applied");
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("manifestDigest").asText()).isEqualTo(image.manifestDigest());
        JsonNode served = json.get("servedFrom");
        assertThat(served.get("manifest").asText()).isEqualTo("https://" + mirror.hostPort() + "/team/app");
        assertThat(served.get("manifestFromMirror").asBoolean()).isTrue();
        assertThat(served.get("blobs").size()).isEqualTo(image.blobs().size());
        served.get("blobs").forEach(from -> assertThat(from.asText()).isEqualTo("https://" + mirror.hostPort()
                + "/team/app"));
    }

    @Test
    void testMirrorWithoutItsCa_fallsBackToTheRegistry_andSaysWhy() throws Exception {
        Run run = pull(conf(mirror.hostPort(), ""));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).contains("mirror https://" + mirror.hostPort() + "/team/app did not serve")
                .contains("not trusted");
        JsonNode served = new ObjectMapper().readTree(run.out()).get("servedFrom");
        assertThat(served.get("manifest").asText()).isEqualTo("http://" + origin.hostPort() + "/team/app");
        assertThat(served.get("skipped").size()).isEqualTo(1);
    }

    @Test
    void testBadMirrorOptions_andBlocked_exitCode2() throws Exception {
        Path ca = mirrorCa.writeCaPem(tmp.resolve("ca-bad"));
        assertThat(pull(conf(mirror.hostPort(), ""), "--mirror-ca-cert", "elsewhere:1=" + ca).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(pull("[[registry]]\nlocation = \"x\"\ninsecure = \"no\"\n").err())
                .contains("insecure").contains("true or false");
        Run blocked = pull(conf("127.0.0.1:" + FreePort.find(), "blocked = true\n"));
        assertThat(blocked.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(blocked.err()).contains("is blocked by the registries.conf rule");
    }
}
