package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.CommandResult;
import io.jenkins.registrypull.testkit.DockerDaemon;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Into a private dockerd 20.10 by a {@code docker pull} from the registry the engine serves on 127.0.0.1
 * ({@link DockerPullSink}): the image lands with the config digest as its id and the local name, the 127.0.0.1 name
 * is gone and so is the port; an image dockerd already has is only tagged; a daemon that cannot reach the loopback
 * registry gets the image by {@code docker load} instead, said once in the log.
 */
class DockerPullTest extends RealDockerTest {

    private static final Pattern SERVED = Pattern.compile("127\\.0\\.0\\.1:(\\d+)/(registry-pull/[0-9a-f]{32})@");

    @TempDir
    Path tmp;

    /** Runs docker locally and records every command line it started. */
    private static final class RecordingStarter implements CommandStarter {
        final List<List<String>> started = new CopyOnWriteArrayList<>();
        private final String redirectServedPortTo;

        RecordingStarter(String redirectServedPortTo) {
            this.redirectServedPortTo = redirectServedPortTo;
        }

        @Override
        public StartedCommand start(List<String> command) throws IOException {
            started.add(command);
            List<String> run = new ArrayList<>(command);
            if (redirectServedPortTo != null && run.contains("pull")) {
                // as a daemon in another network namespace sees it: nothing listens at that loopback port
                String last = run.remove(run.size() - 1);
                run.add(SERVED.matcher(last).replaceFirst("127.0.0.1:" + redirectServedPortTo + "/$2@"));
            }
            return CommandStarter.LOCAL.start(run);
        }

        Matcher served() {
            for (List<String> command : started) {
                if (command.contains("pull")) {
                    Matcher m = SERVED.matcher(command.get(command.size() - 1));
                    if (m.find()) {
                        return m;
                    }
                }
            }
            throw new AssertionError("no docker pull was started: " + started);
        }

        boolean pulled() {
            return started.stream().anyMatch(c -> c.contains("pull"));
        }
    }

    private DockerPullSink sink(CommandStarter commands, List<String> log) throws Exception {
        return new DockerPullSink(ContainerEngine.docker(DockerDaemon.CLIENT, docker.host()), fixture.json, commands,
                log::add, true);
    }

    private void forget(String configDigest) {
        docker.docker("image", "rm", "--force", configDigest);
    }

    private static void assertPortClosed(int port) {
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @ParameterizedTest
    @EnumSource(ManifestFormat.class)
    void testServe_amd64AndArm64v8_idTagArchitectureAndNoServedName(ManifestFormat format) throws Exception {
        String reference = fixture.reference(format);
        for (Platform platform : new Platform[] {Platform.LINUX_AMD64, Platform.LINUX_ARM64_V8}) {
            BuiltImage expected = fixture.index(format).image(platform);
            forget(expected.config().digest());
            RecordingStarter commands = new RecordingStarter(null);
            List<String> log = new ArrayList<>();

            PullResult result = fixture.pull(reference, platform.toString(), tmp.resolve("store"), sink(commands, log));

            assertThat(log).isEmpty();
            assertThat(result.imageId()).isEqualTo(expected.config().digest());
            assertThat(result.localReference()).isEqualTo(reference);
            assertThat(result.verification()).anySatisfy(fact -> assertThat(fact)
                    .contains("by dockerd from a registry this agent served on 127.0.0.1").contains("= the config digest"));
            assertInDocker(reference, platform, expected);
            assertThat(docker.inspect(reference, "{{json .RepoTags}}")).isEqualTo("[\"" + reference + "\"]");
            assertThat(docker.inspect(reference, "{{json .RepoDigests}}")).doesNotContain("registry-pull/");
            assertPortClosed(Integer.parseInt(commands.served().group(1)));
            // the served registry is gone and dockerd has no login for the real one: only a local image is created
            CommandResult created = docker.docker("create", reference, "/bin/true");
            assertThat(created.exitCode()).as(created.describe()).isZero();
            docker.docker("rm", created.stdout().strip()).requireSuccess();
        }
    }

    @Test
    void testServe_digestReference_taggedWithTheDigestDerivedTag() throws Exception {
        BuiltImage expected = fixture.list.image(Platform.LINUX_ARM64_V8);
        String byDigest = fixture.registry.hostPort() + "/team/app@" + fixture.list.digest();
        forget(expected.config().digest());
        RecordingStarter commands = new RecordingStarter(null);

        PullResult result = fixture.pull(byDigest, "linux/arm64/v8", tmp.resolve("store"),
                sink(commands, new ArrayList<>()));

        String local = fixture.registry.hostPort() + "/team/app:digest-sha256-" + fixture.list.digest().substring(7);
        assertThat(result.localReference()).isEqualTo(local);
        assertThat(commands.pulled()).isTrue();
        assertThat(docker.inspect(result.imageId(), "{{json .RepoTags}} {{json .RepoDigests}} {{.Architecture}}"))
                .isEqualTo("[\"" + local + "\"] [] arm64");
    }

    /** Pulls {@code reference}, then leaves the image in dockerd under {@code other} only. */
    private void pullThenKeepOnlyAs(String reference, Path store, String other) throws Exception {
        fixture.pull(reference, "linux/amd64", store, sink(CommandStarter.LOCAL, new ArrayList<>()));
        docker.docker("tag", reference, other).requireSuccess();
        docker.docker("image", "rm", reference).requireSuccess(); // the name goes, the image stays
    }

    @Test
    void testWarm_imageAlreadyInDockerd_onlyTagged() throws Exception {
        String reference = fixture.reference(ManifestFormat.OCI);
        BuiltImage expected = fixture.oci.image(Platform.LINUX_AMD64);
        pullThenKeepOnlyAs(reference, tmp.resolve("store"), "keep:1");
        RecordingStarter commands = new RecordingStarter(null);

        PullResult again = fixture.pull(reference, "linux/amd64", tmp.resolve("store"), sink(commands, new ArrayList<>()));

        assertThat(commands.pulled()).isFalse();
        assertThat(commands.started).noneSatisfy(c -> assertThat(c).contains("load"));
        assertThat(again.bytesDownloaded()).isZero();
        assertThat(again.verification()).anySatisfy(fact -> assertThat(fact).contains("nothing transferred"));
        assertThat(docker.inspect(reference, "{{.Id}}")).isEqualTo(expected.config().digest());
        docker.docker("image", "rm", "keep:1").requireSuccess();
    }

    @Test
    void testWarm_imageInDockerdButNotInTheStore_onlyTheConfigIsFetched() throws Exception {
        String reference = fixture.reference(ManifestFormat.DOCKER);
        BuiltImage expected = fixture.list.image(Platform.LINUX_AMD64);
        pullThenKeepOnlyAs(reference, tmp.resolve("first-store"), "keep:2");
        RecordingStarter commands = new RecordingStarter(null);

        PullResult again = fixture.pull(reference, "linux/amd64", tmp.resolve("empty-store"),
                sink(commands, new ArrayList<>()));

        assertThat(commands.pulled()).isFalse();
        assertThat(again.bytesDownloaded()).isEqualTo(expected.config().size());
        assertThat(again.verification()).anySatisfy(fact -> assertThat(fact)
                .startsWith("1 blob (the config; the target has the layers) verified by digest and size"));
        assertThat(tmp.resolve("empty-store/blobs/sha256/" + expected.layers().get(1).blob().hex())).doesNotExist();
        assertThat(docker.inspect(reference, "{{.Id}}")).isEqualTo(expected.config().digest());
        docker.docker("image", "rm", "keep:2").requireSuccess();
    }

    @Test
    void testFallback_daemonCannotReachTheLoopbackRegistry_loadsAndSaysSoOnce() throws Exception {
        String reference = fixture.reference(ManifestFormat.DOCKER);
        BuiltImage expected = fixture.list.image(Platform.LINUX_AMD64);
        forget(expected.config().digest());
        int nothingThere;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            nothingThere = probe.getLocalPort();
        }
        RecordingStarter commands = new RecordingStarter(String.valueOf(nothingThere));
        List<String> log = new ArrayList<>();

        PullResult result = fixture.pull(reference, "linux/amd64", tmp.resolve("fresh-store"), sink(commands, log));

        assertThat(log).hasSize(1);
        assertThat(log.get(0)).startsWith("Loading with docker load instead of a docker pull from this agent's loopback")
                .contains("the daemon did not reach 127.0.0.1:");
        assertThat(commands.started).anySatisfy(c -> assertThat(c).contains("load"));
        assertThat(result.verification()).anySatisfy(fact -> assertThat(fact).startsWith("Loading with docker load"));
        assertThat(result.imageId()).isEqualTo(expected.config().digest());
        assertThat(docker.inspect(reference, "{{.Id}}")).isEqualTo(expected.config().digest());
        assertPortClosed(Integer.parseInt(commands.served().group(1)));
    }

    @Test
    void testNoServe_loadsThenOnlyTags() throws Exception {
        String reference = fixture.reference(ManifestFormat.OCI);
        BuiltImage expected = fixture.oci.image(Platform.LINUX_ARM64_V8);
        forget(expected.config().digest());
        RecordingStarter commands = new RecordingStarter(null);
        DockerPullSink loading = new DockerPullSink(ContainerEngine.docker(DockerDaemon.CLIENT, docker.host()),
                fixture.json, commands, line -> { }, false);

        PullResult first = fixture.pull(reference, "linux/arm64/v8", tmp.resolve("store"), loading);
        docker.docker("tag", reference, "keep:3").requireSuccess();
        docker.docker("image", "rm", reference).requireSuccess();
        PullResult again = fixture.pull(reference, "linux/arm64/v8", tmp.resolve("store"), loading);

        assertThat(commands.pulled()).isFalse();
        assertThat(commands.started).filteredOn(c -> c.contains("load")).hasSize(1);
        assertThat(first.verification()).anySatisfy(fact -> assertThat(fact).startsWith("loaded into docker"));
        assertThat(again.verification()).anySatisfy(fact -> assertThat(fact).contains("nothing transferred"));
        assertThat(again.imageId()).isEqualTo(expected.config().digest());
        assertInDocker(reference, Platform.LINUX_ARM64_V8, expected);
        docker.docker("image", "rm", "keep:3").requireSuccess();
    }

    @Test
    void testFallback_tcpDaemon_neverServes() throws Exception {
        List<String> log = new ArrayList<>();
        RecordingStarter commands = new RecordingStarter(null);
        DockerPullSink remote = new DockerPullSink(ContainerEngine.docker(DockerDaemon.CLIENT,
                "tcp://docker.invalid:2375"), fixture.json, commands, log::add, true);

        assertThatThrownBy(() -> fixture.pull(fixture.reference(ManifestFormat.OCI), "linux/amd64",
                tmp.resolve("store"), remote)).hasMessageContaining("docker load of");
        assertThat(log).containsExactly("Loading with docker load instead of a docker pull from this agent's loopback:"
                + " the docker daemon at tcp://docker.invalid:2375 does not share this machine's loopback.");
        assertThat(commands.pulled()).isFalse();
    }

    @Test
    void testServe_pullFailsHalfWay_nothingTaggedPortClosedNoDockerLeft() throws Exception {
        String reference = fixture.reference(ManifestFormat.DOCKER);
        BuiltImage expected = fixture.list.image(Platform.LINUX_ARM64_V8);
        forget(expected.config().digest());
        AtomicInteger done = new AtomicInteger();
        PullListener failSecondBlob = new PullListener() {
            @Override
            public void blobDone(Descriptor blob, boolean reused, Duration took) {
                if (done.incrementAndGet() == 2) {
                    throw new IllegalStateException("the build was aborted");
                }
            }
        };
        RecordingStarter commands = new RecordingStarter(null);

        assertThatThrownBy(() -> fixture.pull(reference, "linux/arm64/v8", tmp.resolve("half-store"),
                sink(commands, new ArrayList<>()), failSecondBlob)).hasMessageContaining("the build was aborted");

        assertThat(docker.docker("image", "inspect", expected.config().digest()).exitCode()).isNotZero();
        assertPortClosed(Integer.parseInt(commands.served().group(1)));
        assertThat(ProcessHandle.current().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("docker"))).isEmpty();
    }
}
