package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.testkit.HostileRegistry;
import io.jenkins.registrypull.testkit.HostileRegistry.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 17 item 11: what the command line exits with when a hostile registry is refused. */
class HostileRegistryExitCodesTest {

    @TempDir
    Path tmp;

    private final HostileRegistry registry = HostileRegistry.start(HostileRegistry.Auth.BEARER);
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        registry.close();
    }

    private int pull(String... more) {
        List<String> args = new ArrayList<>(List.of("pull", registry.image(), "--insecure-registry",
                registry.hostPort(), "--output", "oci:" + tmp.resolve("out"), "--store", tmp.resolve("store").toString(),
                "--quiet"));
        args.addAll(List.of(more));
        return Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args.toArray(String[]::new));
    }

    @Test
    void testProbeRedirectedToMetadata_exit6NotAuthentication() {
        registry.answer(Route.PROBE, HostileRegistry.redirect("http://169.254.169.254/latest/meta-data/"));
        assertThat(pull()).isEqualTo(ExitCodes.REDIRECT_REFUSED).isEqualTo(6);
        assertThat(err.toString()).startsWith("registry-pull: The request for the registry API probe (GET http://"
                + registry.hostPort() + "/v2/) was redirected to http://169.254.169.254/latest/meta-data/, a link-local"
                + " or cloud metadata address; it is never contacted.");
    }

    @Test
    void testTokenRedirected_exit6() {
        registry.answer(Route.TOKEN, HostileRegistry.redirect("http://127.0.0.1:9/collect"));
        assertThat(pull()).isEqualTo(ExitCodes.REDIRECT_REFUSED);
    }

    @Test
    void testNegotiateOnly_exit3WithTheScheme() {
        registry.answer(Route.PROBE, HostileRegistry.challenge("Negotiate"));
        assertThat(pull()).isEqualTo(ExitCodes.AUTH);
        assertThat(err.toString()).contains("asks for Negotiate authentication, which is not supported; supported:"
                + " Basic, Bearer");
    }

    @Test
    void testTokenAnswerNotJson_exit1OnceWithoutNetworkBlame() {
        registry.answer(Route.TOKEN, HostileRegistry.json("<html>"));
        assertThat(pull()).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).startsWith("registry-pull: The token server answered with something that is not a"
                + " token").doesNotContain("Gave up after");
        assertThat(registry.requests(Route.TOKEN)).hasSize(1);
    }

    @Test
    void testTrickledManifest_endsAtTheTimeout() {
        registry.answer(Route.MANIFEST, request -> HostileRegistry.trickled(registry.honest(Route.MANIFEST, request)));
        assertThat(pull("--timeout", "2", "--read-timeout", "60")).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("did not finish").contains("--timeout");
    }
}
