package io.jenkins.plugins.registrypull.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.BuiltIndex;
import io.jenkins.registrypull.testkit.CosignSigner;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The real CNCF registry with token auth over TLS (a private test CA) and a token server it trusts, on 127.0.0.1,
 * with test images pushed: {@code team/app:1.0} (OCI index: amd64, arm64/v8, arm/v7) and {@code team/db:2}
 * (Docker schema 2, amd64); {@code signed/app:1} signed with cosign ({@link #signer}, tag-based simple signing) and
 * {@code unsigned/app:1}. {@code alice} may pull all of them; {@code mallory} may pull nothing.
 */
final class TokenRegistryFixture implements AutoCloseable {
    final TestUser alice = TestUser.random("alice");
    final TestUser mallory = TestUser.random("mallory");
    final TokenServer tokens;
    final RegistryServer registry;
    final BuiltIndex app = TestImages.multiPlatform(ManifestFormat.OCI);
    final BuiltImage db = TestImages.small(ManifestFormat.DOCKER, Platform.LINUX_AMD64);
    final BuiltImage signed = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
    final CosignSigner signer = CosignSigner.generate(CosignSigner.KeyType.ECDSA_P256);
    final CosignSigner otherSigner = CosignSigner.generate(CosignSigner.KeyType.ECDSA_P256);

    TokenRegistryFixture() {
        tokens = TokenServer.start();
        registry = RegistryServer.tokenTls(tokens);
        tokens.addPuller(alice, "team/app", "team/db", "signed/app", "unsigned/app");
        tokens.addUser(mallory);
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushIndex("team/app", "1.0", app);
            pusher.pushImage("team/db", "2", db);
            pusher.pushImage("signed/app", "1", signed);
            CosignSigner.signatureImage(signed.manifestDigest(), List.of(signer.signSimpleSigning(signed.manifestDigest(),
                    registry.hostPort() + "/signed/app"))).pushTo(pusher, "signed/app");
            pusher.pushImage("unsigned/app", "1", signed);
        }
    }

    String image(String repositoryAndTag) {
        return registry.hostPort() + "/" + repositoryAndTag;
    }

    String caPem() {
        return registry.ca().caCertificatePem();
    }

    /** A refresh token the token server issued to {@code user} (what {@code docker login} keeps as identity token). */
    String refreshTokenFor(TestUser user) throws IOException {
        OkHttpClient client = registry.ca().trustingClientBuilder().build();
        Request request = new Request.Builder().url(tokens.realm()).post(new FormBody.Builder()
                .add("grant_type", "password").add("username", user.username()).add("password", user.password())
                .add("client_id", "test").add("access_type", "offline").add("service", tokens.service()).build()).build();
        try (Response response = client.newCall(request).execute()) {
            return new ObjectMapper().readTree(response.body().bytes()).get("refresh_token").asText();
        }
    }

    /** Every blob of an OCI layout hashes to its file name; returns how many blobs there are. */
    static int assertLayoutBlobsVerify(Path layout) throws Exception {
        List<Path> blobs;
        try (Stream<Path> walk = Files.list(layout.resolve("blobs/sha256"))) {
            blobs = walk.toList();
        }
        for (Path blob : blobs) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(blob)) {
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                }
            }
            String hex = HexFormat.of().formatHex(sha.digest());
            if (!hex.equals(blob.getFileName().toString())) {
                throw new AssertionError("blob " + blob + " hashes to " + hex);
            }
        }
        return blobs.size();
    }

    @Override
    public void close() {
        registry.close();
        tokens.close();
    }
}
