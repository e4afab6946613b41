package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.testkit.BuiltIndex;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenServer;

import java.nio.file.Path;

/**
 * The registry side shared by the docker and podman load tests: token auth over TLS, the
 * multi-platform test image as an OCI index ({@code team/app:oci}) and a Docker manifest list
 * ({@code team/app:list}), and pulls into a given sink.
 */
final class RealEngineFixture implements AutoCloseable {

    final JsonTrees json = new JsonTrees();
    final TestUser alice = TestUser.random("alice");
    final TokenServer tokens = TokenServer.start();
    final RegistryServer registry = RegistryServer.tokenTls(tokens);
    final BuiltIndex oci = TestImages.multiPlatform(ManifestFormat.OCI);
    final BuiltIndex list = TestImages.multiPlatform(ManifestFormat.DOCKER);
    final PullEngine engine = new PullEngine();

    RealEngineFixture() {
        tokens.addPuller(alice, "team/app");
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushIndex("team/app", "oci", oci);
            pusher.pushIndex("team/app", "list", list);
        }
    }

    BuiltIndex index(ManifestFormat format) {
        return format == ManifestFormat.OCI ? oci : list;
    }

    /** {@code 127.0.0.1:PORT/team/app:oci} or {@code :list}. */
    String reference(ManifestFormat format) {
        return registry.hostPort() + "/team/app:" + (format == ManifestFormat.OCI ? "oci" : "list");
    }

    PullResult pull(String reference, String platform, Path store, Sink sink) throws Exception {
        return pull(reference, platform, store, sink, PullListener.NONE);
    }

    PullResult pull(String reference, String platform, Path store, Sink sink, PullListener listener) throws Exception {
        try (Credential credential = Credential.usernamePassword(alice.username(),
                SecretValue.copyOf(alice.password().toCharArray()))) {
            return engine.pull(PullOptions.builder().image(reference).credential(credential)
                    .caCertificatePem(registry.ca().caCertificatePem()).platform(platform).storeDir(store).sink(sink)
                    .build(), listener);
        }
    }

    @Override
    public void close() {
        engine.close();
        registry.close();
        tokens.close();
    }
}
