package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.credhelper.CredentialHelperServer;
import io.jenkins.registrypull.credhelper.RegistryNames;
import io.jenkins.registrypull.credhelper.ServedCredential;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code registry-pull auth-exec}: what {@code withRegistryAuth} gives a block, from a shell. Reads the secret from
 * stdin to its end, starts a credential server for the registries (from memory, on 127.0.0.1), runs COMMAND with the
 * block's environment ({@code DOCKER_CONFIG}, {@code REGISTRY_AUTH_FILE}, the helper first on {@code PATH}), stops the
 * server when COMMAND exits and returns COMMAND's exit code.
 */
@Command(name = "auth-exec", sortOptions = false,
        description = {"Runs COMMAND with registry credentials served to its docker, podman, skopeo, buildah and kaniko",
                "from memory, exactly as a withRegistryAuth block in Jenkins: nothing secret on disk, nothing after",
                "COMMAND exits. The secret is read from stdin to its end before COMMAND starts (COMMAND's stdin is",
                "then empty). Exit code: COMMAND's, or 2 for bad input, 1 if the credentials could not be served,",
                "127 if COMMAND cannot be run."},
        footer = {"%nExample:%n  printf %s \"$REG_PASSWORD\" | registry-pull auth-exec --registry reg.example.com \\",
                "      --username ci --password-stdin -- docker pull reg.example.com/team/app:1.2",
                "%nWith a cloud's own credential, renewed while COMMAND runs (docs/credentials.md):",
                "  registry-pull auth-exec --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com --auth ecr -- ...",
                "  registry-pull auth-exec --registry europe-docker.pkg.dev --auth gcp --gcp-key-file key.json -- ..."})
final class AuthExecCommand implements Callable<Integer> {
    /** What the shell returns for a command it cannot run. */
    static final int CANNOT_RUN = 127;

    @Option(names = "--registry", paramLabel = "HOST[:PORT]", required = true,
            description = "A registry to serve the credentials for (repeatable): host or host:port, docker.io for Docker Hub")
    List<String> registries = new ArrayList<>();

    @Option(names = "--username", paramLabel = "USER", description = "Registry username (the secret comes on stdin)")
    String username;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    SecretSource secretSource;

    @picocli.CommandLine.Mixin
    CloudAuthOptions cloud = new CloudAuthOptions();

    static final class SecretSource {
        @Option(names = "--password-stdin", required = true, description = "Read the password (or access token) from stdin")
        boolean password;

        @Option(names = "--token-stdin", required = true, description = {"Read a token from stdin: an identity (OAuth2 "
                + "refresh) token,", "or with --username an access token used as the password"})
        boolean token;
    }

    @Option(names = "--ca-cert", paramLabel = "PEM", description = {"A CA certificate for the registries: copied to",
            "$DOCKER_CONFIG/certs.d/HOST[:PORT]/ca.crt, for skopeo/podman --cert-dir"})
    Path caCert;

    @Option(names = "--dir", paramLabel = "DIR", description = {"Where the block's files go (default: the temporary",
            "directory); in a Kubernetes pod, a directory on the volume the containers share, e.g. $WORKSPACE@tmp"})
    Path dir;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The command and its arguments (after --)")
    List<String> command = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final InputStream stdin;
    private final Map<String, String> env;

    AuthExecCommand() {
        this(System.in);
    }

    AuthExecCommand(InputStream stdin) {
        this(stdin, System.getenv());
    }

    /** With {@code env} standing in for the process environment (the cloud variables), for tests. */
    AuthExecCommand(InputStream stdin, Map<String, String> env) {
        this.stdin = stdin;
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        List<String> normalized = new ArrayList<>();
        for (String registry : registries) {
            String name = RegistryNames.parseConfigured(registry, "--registry");
            if (normalized.contains(name)) {
                throw new InvalidInputException("--registry", name + " is given twice; give each registry once");
            }
            normalized.add(name);
        }
        String ca = caCert == null ? null : readPem(caCert);
        boolean userSecret = secretSource != null;
        if (userSecret && secretSource.password && username == null) {
            throw new InvalidInputException("--password-stdin", "needs --username");
        }
        if (username != null && username.isBlank()) {
            throw new InvalidInputException("--username", "is empty");
        }
        if (!userSecret && username != null) {
            throw new InvalidInputException("--username", "give the secret on stdin with --password-stdin (or a token"
                    + " with --token-stdin)");
        }
        List<ServedCredential> served = userSecret ? userCredentials(normalized) : mintedCredentials(normalized, ca);
        CredentialHelperServer.Options options = new CredentialHelperServer.Options();
        if (dir != null) {
            options.parentDirectory(dir.toAbsolutePath());
        }
        try (CredentialHelperServer server = CredentialHelperServer.start(served, options)) {
            if (ca != null) {
                writeCa(server.directory(), normalized, ca);
            }
            for (String note : server.notes()) {
                spec.commandLine().getErr().println("registry-pull: " + note);
            }
            spec.commandLine().getErr().flush();
            return run(server);
        }
    }

    private List<ServedCredential> userCredentials(List<String> normalized) throws Exception {
        cloud.minter(normalized.get(0), true, env, StdinOnce.refused(), null); // refuses cloud inputs beside a secret
        List<ServedCredential> served = new ArrayList<>();
        try (SecretValue secret = StdinSecret.read(stdin, secretSource.password ? "--password-stdin" : "--token-stdin")) {
            for (String registry : normalized) {
                // each registry's credential is its own copy: the server wipes each when it stops
                SecretValue copy = SecretValue.copyOf(secret.chars());
                served.add(new ServedCredential(registry, username == null ? Credential.identityToken(copy)
                        : Credential.usernamePassword(username, copy)));
            }
        }
        return served;
    }

    /**
     * One renewing credential per registry, minted by a cloud (--auth): the helper serves a fresh one whenever the
     * last is near its expiry, however long COMMAND runs.
     */
    private List<ServedCredential> mintedCredentials(List<String> normalized, String ca) throws Exception {
        List<ServedCredential> served = new ArrayList<>();
        try (StdinOnce once = new StdinOnce(stdin)) {
            for (String registry : normalized) {
                CredentialMinter minter = cloud.minter(registry, false, env, once, ca);
                if (minter == null) {
                    throw new InvalidInputException("--registry", registry + " has no credential: give a secret with"
                            + " --password-stdin or --token-stdin, or let a cloud mint it with --auth ecr|gcp|azure");
                }
                spec.commandLine().getErr().println("registry-pull: credential for " + registry + ": "
                        + minter.describe());
                served.add(new ServedCredential(registry, Credential.renewing(minter, Clock.systemUTC())));
            }
        } catch (Exception e) {
            served.forEach(s -> s.credential().close()); // each owns its minter and the secrets in it
            throw e;
        }
        return served;
    }

    /** Stdin read at most once (a client secret for several registries), each caller getting its own copy. */
    private static final class StdinOnce implements CloudAuthOptions.Stdin, AutoCloseable {
        private final InputStream in;
        private SecretValue secret;

        StdinOnce(InputStream in) {
            this.in = in;
        }

        static CloudAuthOptions.Stdin refused() {
            return option -> {
                throw new InvalidInputException(option, "stdin already holds the registry secret");
            };
        }

        @Override
        public SecretValue read(String option) throws IOException, InvalidInputException {
            if (secret == null) {
                secret = StdinSecret.read(in, option);
            }
            char[] chars = secret.chars();
            try {
                return SecretValue.copyOf(chars);
            } finally {
                java.util.Arrays.fill(chars, '\0');
            }
        }

        @Override
        public void close() {
            if (secret != null) {
                secret.close();
            }
        }
    }

    private int run(CredentialHelperServer server) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = builder.environment();
        env.putAll(server.environment());
        String path = env.get("PATH");
        env.put("PATH", server.binDirectory() + (path == null || path.isEmpty() ? "" : File.pathSeparator + path));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            spec.commandLine().getErr().println("registry-pull: cannot run " + command.get(0) + ": " + e.getMessage());
            return CANNOT_RUN;
        }
        // a signal that ends this JVM ends the command too: its credentials end with this JVM anyway
        Thread stopChild = new Thread(process::destroy, "registry-pull-auth-exec-stop");
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            return process.waitFor();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
    }

    private static void writeCa(Path blockDir, List<String> registries, String pem) throws IOException {
        for (String registry : registries) {
            Path dir = Files.createDirectories(blockDir.resolve("certs.d").resolve(registry));
            Files.writeString(dir.resolve("ca.crt"), pem, StandardCharsets.US_ASCII);
        }
    }

    private static String readPem(Path file) throws InvalidInputException {
        try {
            if (Files.size(file) > 1024 * 1024) {
                throw new InvalidInputException("--ca-cert", file + " is larger than 1024 KiB; expected a PEM file");
            }
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                throw new InvalidInputException("--ca-cert", file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
            }
            return pem;
        } catch (IOException e) {
            throw new InvalidInputException("--ca-cert", "cannot read " + file + ": " + e.getMessage());
        }
    }
}
