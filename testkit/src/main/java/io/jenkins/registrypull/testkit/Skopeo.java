package io.jenkins.registrypull.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's skopeo as an independent client, to prove that test images are valid and to
 * cross-check digests the code under test reports.
 *
 * <p>Never authenticated: a password in skopeo's arguments ({@code --creds}) or environment would
 * be readable in {@code /proc} and would defeat the tests that scan for leaked secrets. Cross-check
 * against the open-HTTP registry, or let the {@link TokenServer} allow anonymous pull on the
 * repository ({@link TokenServer#allowAnonymousPull(String)}); skopeo then fetches an anonymous
 * token itself. Every call passes {@code --no-creds}, so no auth file on the machine is read either.
 *
 * <p>TLS: skopeo trusts the registry's {@link TestCa} through a certificate directory holding
 * {@code ca.crt}; for a plain-HTTP registry it runs with TLS verification off, which for skopeo
 * also means "plain HTTP is fine".
 */
public final class Skopeo implements AutoCloseable {

    public static final String BINARY = "/usr/bin/skopeo";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final RegistryServer registry;
    private final Path workDir;
    private final Path certDir;

    public Skopeo(RegistryServer registry) {
        this.registry = registry;
        this.workDir = TempDirs.create("testkit-skopeo-");
        this.certDir = registry.isTls() ? registry.ca().writeCaPem(workDir.resolve("certs")).getParent() : null;
    }

    /** {@code skopeo inspect --raw}: the exact manifest bytes the registry serves for {@code repository:tag}. */
    public byte[] inspectRaw(String repositoryAndReference) {
        List<String> args = new ArrayList<>(List.of("inspect", "--raw", "--no-creds"));
        args.addAll(trust(""));
        args.add(dockerReference(repositoryAndReference));
        return run(args).requireSuccess().stdoutBytes();
    }

    /** SHA-256 of what {@link #inspectRaw} returns: the digest of the top-level manifest or index. */
    public String digest(String repositoryAndReference) {
        return Digests.sha256(inspectRaw(repositoryAndReference));
    }

    /**
     * {@code skopeo copy docker://REGISTRY/repository:tag oci:layoutDir:tag}; with
     * {@code allPlatforms} every image of an index ({@code --all}), else the one for this machine.
     */
    public CommandResult copyToOciLayout(String repositoryAndReference, Path layoutDir, String tag,
            boolean allPlatforms) {
        List<String> args = new ArrayList<>(List.of("--insecure-policy", "copy", "--src-no-creds"));
        args.addAll(trust("src-"));
        if (allPlatforms) {
            args.add("--all");
        }
        args.add(dockerReference(repositoryAndReference));
        args.add("oci:" + layoutDir + ":" + tag);
        return run(args).requireSuccess();
    }

    /**
     * {@code skopeo copy docker://... docker-archive:FILE:repository:tag}: skopeo un-gzips every
     * layer and checks it against the config's diff ids, a stricter check than an OCI copy.
     */
    public CommandResult copyToDockerArchive(String repositoryAndTag, Path archive) {
        List<String> args = new ArrayList<>(List.of("--insecure-policy", "copy", "--src-no-creds"));
        args.addAll(trust("src-"));
        args.add(dockerReference(repositoryAndTag));
        args.add("docker-archive:" + archive + ":" + repositoryAndTag);
        return run(args).requireSuccess();
    }

    /**
     * {@code skopeo --registries-conf FILE inspect --raw} of a full reference ({@code host/repository:tag}; a
     * hidden option in skopeo 1.9, not in {@code --help}): containers/image then pulls through the file's mirrors
     * and location rewrites, trusting this registry's CA for every TLS host (the file's {@code insecure} settings
     * apply). Name hosts on 127.0.0.1 only, even in prefixes: a name skopeo cannot rewrite is looked up in DNS.
     * Returns the SHA-256 of the bytes it got.
     */
    public String digestWithRegistriesConf(Path registriesConf, String fullReference) {
        List<String> command = new ArrayList<>(List.of(BINARY, "--tmpdir", workDir.toString(), "--registries-conf",
                registriesConf.toString(), "inspect", "--raw", "--no-creds"));
        if (certDir != null) {
            command.addAll(List.of("--cert-dir", certDir.toString()));
        }
        command.add("docker://" + fullReference);
        byte[] raw = Commands.run(command, new byte[0], Map.of("TMPDIR", workDir.toString()), TIMEOUT)
                .requireSuccess().stdoutBytes();
        return Digests.sha256(raw);
    }

    /** Runs skopeo with any arguments; the caller must not pass credentials. */
    public CommandResult run(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(BINARY);
        command.add("--tmpdir");
        command.add(workDir.toString());
        command.addAll(arguments);
        return Commands.run(command, new byte[0], Map.of("TMPDIR", workDir.toString()), TIMEOUT);
    }

    /** {@code docker://127.0.0.1:PORT/repository:tag}. */
    public String dockerReference(String repositoryAndReference) {
        return "docker://" + registry.hostPort() + "/" + repositoryAndReference;
    }

    @Override
    public void close() {
        TempDirs.deleteRecursively(workDir);
    }

    private List<String> trust(String prefix) {
        return certDir == null
                ? List.of("--" + prefix + "tls-verify=false")
                : List.of("--" + prefix + "cert-dir", certDir.toString(), "--" + prefix + "tls-verify=true");
    }
}
