package io.jenkins.registrypull.bench;

import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.DockerDaemon;
import io.jenkins.registrypull.testkit.Layer;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TokenServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.util.Locale;

/**
 * The scenario every section measures against: a registry with token auth over TLS on 127.0.0.1
 * (anonymous pull tokens for the benchmark repositories), the test CA in the forms each client
 * reads it, the two pushed images, and dockerd once a section starts it. {@link #close()} stops
 * all of it by pid.
 */
final class BenchEnvironment implements AutoCloseable {

    static final String SKOPEO = "/usr/bin/skopeo";
    static final String DOCKER = DockerDaemon.CLIENT;

    private final Path work;
    private final ChildProcesses children = new ChildProcesses();
    private TokenServer tokens;
    private RegistryServer registry;
    private Path caPem;
    private Path certDir;
    private Path trustStore;
    private BuiltImage bigImage;
    private long bigBytes;
    private long textBytes;
    private DockerDaemon docker;
    private Path certsD;

    BenchEnvironment(Path work) {
        this.work = work;
    }

    /** Starts the servers, builds and pushes both images; describes machine and images in the report. */
    void start(long layerMiB, Report report) throws Exception {
        Files.createDirectories(work);
        report.line("# Benchmark run " + java.time.Instant.now());
        report.line("");
        report.line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + firstLine("uname", "-r")
                + ", Java " + System.getProperty("java.version") + ", " + firstLine(SKOPEO, "--version") + ", "
                + firstLine(DOCKER, "--version") + "; load average at start " + Proc.load1());
        tokens = TokenServer.start();
        registry = RegistryServer.tokenTls(tokens);
        tokens.allowAnonymousPull("bench/big");
        tokens.allowAnonymousPull("bench/text");
        caPem = registry.ca().writeCaPem(work.resolve("ca"));
        certDir = work.resolve("skopeo-certs");
        Files.createDirectories(certDir);
        Files.copy(caPem, certDir.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
        trustStore = writeTrustStore();

        long started = System.nanoTime();
        Files.createDirectories(work.resolve("images"));
        BuiltImage big = TestImages.big(work.resolve("images"), ManifestFormat.DOCKER, 3, layerMiB * 1024 * 1024);
        BuiltImage text = TextImage.build(layerMiB);
        bigImage = big;
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushImage("bench/big", "1", big);
            pusher.pushImage("bench/text", "1", text);
        }
        bigBytes = big.blobBytes() + big.manifestBytes().length;
        textBytes = text.blobBytes() + text.manifestBytes().length;
        report.line(String.format(Locale.ROOT, "Images: bench/big:1 %s (%d layers), bench/text:1 %s compressed, %s"
                        + " uncompressed (%d layers of text files); built and pushed in %.0f s. Registry: docker-registry"
                        + " %s, token auth over TLS (anonymous pull tokens for every client), 127.0.0.1:%d.",
                Report.mb(bigBytes), big.layers().size(), Report.mb(textBytes),
                Report.mb(text.layers().stream().mapToLong(Layer::uncompressedSize).sum()), text.layers().size(),
                (System.nanoTime() - started) / 1e9, firstLine(RegistryServer.BINARY, "--version"), registry.port()));
        report.line("");
    }

    /** For experiments by hand: keeps the registry up until this process is killed. */
    void serveForever() throws InterruptedException {
        System.err.println("[bench] serving " + ref("bench/big") + " (CA " + caPem + ", skopeo certs " + certDir
                + ", registry pid " + registry.pid() + "); stop with kill " + ProcessHandle.current().pid());
        Thread.sleep(Long.MAX_VALUE);
    }

    private Path writeTrustStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("bench-ca", registry.ca().caCertificate());
        Path file = work.resolve("jib-trust.p12");
        try (var out = Files.newOutputStream(file)) {
            store.store(out, "changeit".toCharArray()); // a trust store of a public test CA: nothing secret
        }
        return file;
    }

    String ref(String repository) {
        return registry.hostPort() + "/" + repository + ":1";
    }

    Path work() {
        return work;
    }

    ChildProcesses children() {
        return children;
    }

    TokenServer tokens() {
        return tokens;
    }

    RegistryServer registry() {
        return registry;
    }

    Path caPem() {
        return caPem;
    }

    /** The CA as skopeo's {@code --src-cert-dir} reads it. */
    Path certDir() {
        return certDir;
    }

    /** The CA as a PKCS12 trust store for jib-core (password {@code changeit}). */
    Path trustStore() {
        return trustStore;
    }

    BuiltImage bigImage() {
        return bigImage;
    }

    long bigBytes() {
        return bigBytes;
    }

    long textBytes() {
        return textBytes;
    }

    /** dockerd, or null before {@link #startDocker()}. */
    DockerDaemon docker() {
        return docker;
    }

    void startDocker() {
        startDocker(DockerDaemon.StorageDriver.VFS);
    }

    /** Stops the dockerd running (if any) and starts one on {@code driver}, with an empty data root. */
    void startDocker(DockerDaemon.StorageDriver driver) {
        if (docker != null) {
            docker.close();
            docker = null;
        }
        docker = DockerDaemon.start(driver);
    }

    /** Lets dockerd trust the test CA for the registry (needs root: /etc/docker/certs.d). */
    void trustInDocker() {
        try {
            certsD = Path.of("/etc/docker/certs.d", registry.hostPort());
            Files.createDirectories(certsD);
            Files.copy(caPem, certsD.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot let dockerd trust the test CA (run as root)", e);
        }
    }

    void untrustInDocker() {
        if (certsD != null) {
            try {
                Worker.deleteTree(certsD);
            } catch (IOException ignored) {
                // reported by run.sh's own clean-up
            }
            certsD = null;
        }
    }

    @Override
    public void close() {
        children.destroyAlive();
        untrustInDocker();
        if (docker != null) {
            docker.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    private static String firstLine(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return out.lines().findFirst().orElse("?");
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }
}
