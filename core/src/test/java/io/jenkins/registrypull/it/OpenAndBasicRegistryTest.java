package io.jenkins.registrypull.it;

import io.jenkins.registrypull.json.JsonTrees;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.error.FailureKind;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.UnauthorizedException;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.Skopeo;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real registry, open over HTTP and with htpasswd Basic auth over TLS (and, refused, over HTTP). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAndBasicRegistryTest {

    private final TestUser alice = TestUser.random("alice");
    private RegistryServer open;
    private RegistryServer basicTls;
    private RegistryServer basicHttp;
    private final PullEngine engine = new PullEngine();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        open = RegistryServer.openHttp();
        basicTls = RegistryServer.htpasswdTls(alice);
        basicHttp = RegistryServer.htpasswdHttp(alice);
        for (RegistryServer r : new RegistryServer[] {open, basicTls, basicHttp}) {
            try (RegistryPusher pusher = RegistryPusher.forRegistry(r)) {
                for (ManifestFormat format : ManifestFormat.values()) {
                    String tag = format.name().toLowerCase();
                    pusher.pushImage("team/app", tag, TestImages.small(format, Platform.LINUX_AMD64));
                    pusher.pushImage("team/no-eof", tag, TestImages.withoutEndOfArchive(format));
                }
            }
        }
    }

    @AfterAll
    void stop() {
        engine.close();
        open.close();
        basicTls.close();
        basicHttp.close();
    }

    private PullOptions.Builder options(RegistryServer registry, String repoAndTag, Path out) throws Exception {
        PullOptions.Builder b = PullOptions.builder().image(registry.hostPort() + "/" + repoAndTag)
                .storeDir(tmp.resolve("store")).sink(new OciLayoutSink(out, null, new JsonTrees()));
        return registry.isTls() ? b.caCertificatePem(registry.ca().caCertificatePem()) : b.insecure(true);
    }

    private Credential alice() {
        return Credential.usernamePassword(alice.username(), SecretValue.ofString(alice.password()));
    }

    @ParameterizedTest
    @EnumSource(ManifestFormat.class)
    void testOpen_pullMatchesSkopeo(ManifestFormat format) throws Exception {
        String tag = format.name().toLowerCase();
        Path ours = tmp.resolve("ours-" + tag);
        PullResult result = engine.pull(options(open, "team/app:" + tag, ours).build(), PullListener.NONE);

        Path theirs = tmp.resolve("skopeo-" + tag);
        try (Skopeo skopeo = new Skopeo(open)) {
            assertThat(result.manifestDigest().toString()).isEqualTo(skopeo.digest("team/app:" + tag));
            skopeo.copyToOciLayout("team/app:" + tag, theirs, tag, false);
        }
        // skopeo converts a Docker schema 2 image (manifest and config) into OCI when it writes a
        // layout, so then only the layers can be compared; an OCI image is copied as it is.
        if (format == ManifestFormat.OCI) {
            assertThat(LayoutAssertions.manifestDigest(ours, tag)).isEqualTo(LayoutAssertions.manifestDigest(theirs, tag));
            assertThat(LayoutAssertions.blobDigests(ours)).isEqualTo(LayoutAssertions.blobDigests(theirs)).hasSize(4);
        } else {
            assertThat(LayoutAssertions.blobDigests(theirs)).containsAll(result.layers().stream()
                    .map(l -> l.digest().toString()).toList());
        }
        LayoutAssertions.assertBlobsVerify(ours);
        assertThat(result.manifestMediaType()).isEqualTo(format == ManifestFormat.OCI
                ? "application/vnd.oci.image.manifest.v1+json" : "application/vnd.docker.distribution.manifest.v2+json");
    }

    @Test
    void testOpen_layoutIsReadableBySkopeo() throws Exception {
        Path ours = tmp.resolve("readback");
        engine.pull(options(open, "team/app:oci", ours).build(), PullListener.NONE);
        try (Skopeo skopeo = new Skopeo(open)) {
            Path copy = tmp.resolve("readback-copy");
            skopeo.run(java.util.List.of("--insecure-policy", "copy", "oci:" + ours + ":oci", "oci:" + copy + ":x"))
                    .requireSuccess();
            assertThat(LayoutAssertions.blobDigests(copy)).isEqualTo(LayoutAssertions.blobDigests(ours));
        }
    }

    @Test
    void testOpen_layerWithoutEndOfArchiveBlocks() throws Exception {
        BuiltImage image = TestImages.withoutEndOfArchive(ManifestFormat.DOCKER);
        PullResult result = engine.pull(options(open, "team/no-eof:docker", tmp.resolve("noeof")).build(),
                PullListener.NONE);
        assertThat(result.manifestDigest().toString()).isEqualTo(image.manifestDigest());
    }

    @Test
    void testOpen_withoutInsecureFlag_explainsPlainHttp() throws Exception {
        PullOptions o = PullOptions.builder().image(open.hostPort() + "/team/app:oci").storeDir(tmp.resolve("s"))
                .sink(new OciLayoutSink(tmp.resolve("x"), null, new JsonTrees())).build();
        assertThatThrownBy(() -> engine.pull(o, PullListener.NONE))
                .isInstanceOf(RegistryConnectionException.class)
                .hasMessageContaining("mark it as an insecure registry")
                .extracting(e -> ((RegistryConnectionException) e).kind()).isEqualTo(FailureKind.TLS);
    }

    @Test
    void testBasicTls_pulls() throws Exception {
        PullResult result = engine.pull(options(basicTls, "team/app:oci", tmp.resolve("basic")).credential(alice())
                .build(), PullListener.NONE);
        assertThat(result.layerCount()).isEqualTo(2);
        LayoutAssertions.assertBlobsVerify(tmp.resolve("basic"));
    }

    @Test
    void testBasicTls_wrongPassword() throws Exception {
        Credential wrong = Credential.usernamePassword(alice.username(), SecretValue.ofString("not-" + alice.password()));
        assertThatThrownBy(() -> engine.pull(options(basicTls, "team/app:oci", tmp.resolve("w")).credential(wrong)
                .build(), PullListener.NONE))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("did not accept the credentials (user 'alice')")
                .hasMessageNotContaining(alice.password());
        assertThat(tmp.resolve("w")).doesNotExist();
    }

    @Test
    void testBasicTls_anonymous() throws Exception {
        assertThatThrownBy(() -> engine.pull(options(basicTls, "team/app:oci", tmp.resolve("a")).build(),
                PullListener.NONE))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("requires authentication");
    }

    @Test
    void testBasicTls_withoutCa_notTrusted() throws Exception {
        PullOptions o = PullOptions.builder().image(basicTls.hostPort() + "/team/app:oci").credential(alice())
                .storeDir(tmp.resolve("s")).sink(new OciLayoutSink(tmp.resolve("x"), null, new JsonTrees())).build();
        assertThatThrownBy(() -> engine.pull(o, PullListener.NONE))
                .isInstanceOf(RegistryConnectionException.class)
                .hasMessageContaining("is not trusted");
    }

    @Test
    void testBasicOverPlainHttp_onlyWhenExplicitlyInsecure() throws Exception {
        // not marked insecure: the engine speaks TLS, the handshake fails, no credential is ever sent
        PullOptions secure = PullOptions.builder().image(basicHttp.hostPort() + "/team/app:oci").credential(alice())
                .storeDir(tmp.resolve("s")).sink(new OciLayoutSink(tmp.resolve("x"), null, new JsonTrees())).build();
        long before = basicHttp.logTail().lines().filter(l -> l.contains("alice")).count();
        assertThatThrownBy(() -> engine.pull(secure, PullListener.NONE)).isInstanceOf(RegistryConnectionException.class);
        assertThat(basicHttp.logTail().lines().filter(l -> l.contains("alice")).count()).isEqualTo(before);

        PullResult result = engine.pull(options(basicHttp, "team/app:oci", tmp.resolve("http")).credential(alice())
                .build(), PullListener.NONE);
        assertThat(result.layerCount()).isEqualTo(2);
    }
}
