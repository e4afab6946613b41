package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.mirror.MirrorSettings;
import io.jenkins.registrypull.mirror.RegistriesConf;
import io.jenkins.registrypull.mirror.RegistriesConfParser;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.reference.ImageReference;
import io.jenkins.registrypull.sink.Sink;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code registry-pull pull REF --output oci:DIR ...}: one verified pull; the result as JSON on stdout. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Pulls an image, verifying every byte, and prints the result as JSON on stdout.",
                "Progress goes to stderr. Secrets are read from stdin only, never from arguments."})
final class PullCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REF", description = "Image reference, e.g. reg.example.com/team/app:1.2")
    String image;

    @Option(names = "--output", paramLabel = "TYPE:PATH",
            description = "Where the image goes: " + OutputSpec.ACCEPTED + " (or use --load)")
    String output;

    @Mixin
    LoadOptions load = new LoadOptions();

    @Option(names = "--username", paramLabel = "USER", description = "Registry username (the secret comes on stdin)")
    String username;

    @ArgGroup(exclusive = true)
    SecretSource secretSource;

    static final class SecretSource {
        @Option(names = "--password-stdin", description = "Read the password (or access token) from stdin")
        boolean password;

        @Option(names = "--token-stdin", description = {"Read a token from stdin: an identity (OAuth2 refresh) token,",
                "or with --username an access token used as the password"})
        boolean token;
    }

    @Mixin
    CloudAuthOptions cloud = new CloudAuthOptions();

    @Option(names = "--ca-cert", paramLabel = "PEM", description = {"Extra CA certificate(s) to trust for the registry",
            "(and for a cloud's overridden token endpoints)"})
    Path caCert;

    @Option(names = "--insecure-registry", paramLabel = "HOST:PORT",
            description = "Allow plain HTTP (and credentials over it) for this registry; repeatable")
    List<String> insecureRegistries = new ArrayList<>();

    @Option(names = "--registries-conf", paramLabel = "FILE", description = {"containers-registries.conf(5) v2: pull",
            "through its mirrors (then the registry), rewrite locations, refuse blocked registries; mirrors are",
            "spoken to anonymously (docs/mirrors.md)"})
    Path registriesConf;

    @Option(names = "--mirror-ca-cert", paramLabel = "LOCATION=PEM", description = {"Extra CA certificate(s) to trust for",
            "the mirror with this registries.conf location (repeatable)"})
    Map<String, Path> mirrorCaCerts = new LinkedHashMap<>();

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "Platform to pull from a multi-platform image (default: this machine's)")
    String platform;

    @Option(names = "--digest", paramLabel = "DIGEST", description = "Fail unless the image has this manifest or index digest")
    String digest;

    @Option(names = "--require-digest", description = {"Fail before any network call unless REF has @sha256:... or",
            "--digest is given (every pull prints the digest to pin)"})
    boolean requireDigest;

    @Option(names = "--verify-key", paramLabel = "FILE", description = {"Public key (PEM, e.g. cosign.pub) that cosign",
            "signatures must verify with; found signatures that fail stop the pull (exit 5)"})
    Path verifyKey;

    @Option(names = "--require-signature", description = "Fail (exit 5) unless a cosign signature verifies with --verify-key")
    boolean requireSignature;

    @Option(names = "--store", paramLabel = "DIR", description = "Blob store directory (default: ~/.cache/registry-pull)")
    Path store;

    @Option(names = "--concurrency", paramLabel = "N", description = "Blobs downloaded at once (default: ${DEFAULT-VALUE})")
    int concurrency = PullOptions.DEFAULT_CONCURRENCY;

    @Option(names = "--repeat", paramLabel = "N", description = {"Pull N times in this JVM (as a Jenkins agent would),",
            "emptying the blob store before each pull unless --keep-store; prints each pull's",
            "duration, throughput and CPU time on stderr (default: 1)"})
    int repeat = 1;

    @Option(names = "--keep-store", description = "With --repeat: keep the blob store between pulls (warm re-pulls)")
    boolean keepStore;

    @Option(names = "--read-timeout", paramLabel = "SECONDS", description = {"Longest silence on a connection before",
            "the download resumes on a new one (default: ${DEFAULT-VALUE})"})
    long readTimeoutSeconds = PullOptions.DEFAULT_READ_TIMEOUT.toSeconds();

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Deadline for the whole pull (default: ${DEFAULT-VALUE})")
    long timeoutSeconds = PullOptions.DEFAULT_TIMEOUT.toSeconds();

    @Option(names = "--quiet", description = "No progress on stderr")
    boolean quiet;

    @Option(names = "--debug", description = "Print stack traces of failures")
    boolean debug;

    private final InputStream stdin;
    private final boolean stdinIsTheProcesses;
    private final Map<String, String> env;

    PullCommand() {
        this(System.in, true, System.getenv());
    }

    PullCommand(InputStream stdin) {
        this(stdin, false, System.getenv());
    }

    /** With {@code env} standing in for the process environment (the cloud variables), for tests. */
    PullCommand(InputStream stdin, Map<String, String> env) {
        this(stdin, false, env);
    }

    private PullCommand(InputStream stdin, boolean stdinIsTheProcesses, Map<String, String> env) {
        this.stdin = stdin;
        this.stdinIsTheProcesses = stdinIsTheProcesses;
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        JitWarmup.start();
        JsonTrees json = new JsonTrees();
        PullOptions.Builder options = PullOptions.builder()
                .image(image)
                .sink(sink(json))
                .platform(platform)
                .expectedDigest(digest)
                .storeDir(store)
                .concurrency(concurrency)
                .readTimeout(seconds(readTimeoutSeconds, "--read-timeout", PullOptions.MAX_READ_TIMEOUT))
                .timeout(seconds(timeoutSeconds, "--timeout", PullOptions.MAX_TIMEOUT));
        if (repeat < 1 || repeat > 1000) {
            throw new InvalidInputException("--repeat", "must be between 1 and 1000, was " + repeat);
        }
        ImageReference reference = ImageReference.parse(image);
        options.insecure(isInsecure(reference));
        String caPem = caCert == null ? null : readCa(caCert);
        if (caPem != null) {
            options.caCertificatePem(caPem);
        }
        if (verifyKey != null) {
            options.verifyKeyPem(readPem(verifyKey, "--verify-key"));
        }
        options.requireSignature(requireSignature).requireDigest(requireDigest);
        MirrorSettings mirrors = mirrors();
        try (Credential credential = credential(reference, caPem); PullEngine engine = new PullEngine()) {
            PullOptions built = options.credential(credential).build();
            var err = spec.commandLine().getErr();
            mirrors.registries().unsupported().forEach(note -> err.println("Note: " + note));
            var listener = quiet || repeat > 1 ? io.jenkins.registrypull.pull.PullListener.NONE
                    : new ProgressPrinter(err);
            PullResult result = repeat == 1 ? engine.pull(built, mirrors, listener)
                    : new RepeatedPulls(engine, built, keepStore, err).run(repeat);
            spec.commandLine().getOut().println(new String(json.writePretty(ResultJson.of(result, json)),
                    StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }

    /** The mirror configuration, read and checked before any network call. */
    private MirrorSettings mirrors() throws InvalidInputException {
        if (registriesConf == null) {
            if (!mirrorCaCerts.isEmpty()) {
                throw new InvalidInputException("--mirror-ca-cert", "needs --registries-conf, which names the mirrors");
            }
            return MirrorSettings.NONE;
        }
        if (repeat > 1) {
            throw new InvalidInputException("--registries-conf", "cannot be combined with --repeat (a benchmark of"
                    + " one registry); pull once, or leave out the registries.conf");
        }
        RegistriesConf conf = RegistriesConfParser.parse(registriesConf, "--registries-conf");
        for (Map.Entry<String, Path> ca : mirrorCaCerts.entrySet()) {
            boolean known = conf.registries().stream().flatMap(r -> r.mirrors().stream())
                    .anyMatch(m -> m.location().equals(ca.getKey()));
            if (!known) {
                throw new InvalidInputException("--mirror-ca-cert", "'" + ca.getKey() + "' is not the location of a"
                        + " [[registry.mirror]] in " + registriesConf);
            }
            String pem = readPem(ca.getValue(), "--mirror-ca-cert");
            io.jenkins.registrypull.http.TrustedCertificates.parsePem(pem, "--mirror-ca-cert");
            conf = conf.withMirrorCaCertificate(ca.getKey(), pem);
        }
        return MirrorSettings.of(conf);
    }

    private static java.time.Duration seconds(long value, String option, java.time.Duration max)
            throws InvalidInputException {
        if (value < 1) {
            throw new InvalidInputException(option, "must be a positive number of seconds, was " + value);
        }
        if (value > max.toSeconds()) {
            throw new InvalidInputException(option, "must be at most " + max.toSeconds() + " seconds ("
                    + max.toDays() + (max.toDays() == 1 ? " day" : " days") + "), was " + value);
        }
        return java.time.Duration.ofSeconds(value);
    }

    private Sink sink(JsonTrees json) throws InvalidInputException {
        if (output != null && load.requested()) {
            throw new InvalidInputException("--output", "give either --output or --load, not both");
        }
        Sink loading = load.sink(json, note -> spec.commandLine().getErr().println("Note: " + note));
        if (loading != null) {
            return loading;
        }
        if (output == null) {
            throw new InvalidInputException("--output", "say where the image goes: " + OutputSpec.ACCEPTED
                    + ", or --load docker|podman");
        }
        return OutputSpec.parse(output, json);
    }

    private boolean isInsecure(ImageReference reference) throws InvalidInputException {
        for (String entry : insecureRegistries) {
            ImageReference.parseRegistry(entry, "--insecure-registry"); // every entry, not only up to a match
        }
        for (String entry : insecureRegistries) {
            if (entry.toLowerCase(Locale.ROOT).equals(reference.domain().toLowerCase(Locale.ROOT))
                    || entry.toLowerCase(Locale.ROOT).equals(reference.apiHost().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static String readCa(Path file) throws InvalidInputException {
        return readPem(file, "--ca-cert");
    }

    /** PEM files are small; anything larger than this is not one. */
    private static final long MAX_PEM_FILE = 1024 * 1024;

    private static String readPem(Path file, String option) throws InvalidInputException {
        // read with the cap, never trusting Files.size: /dev/zero or a FIFO has no size and no end
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes((int) MAX_PEM_FILE + 1);
        } catch (IOException e) {
            throw new InvalidInputException(option, "cannot read " + file + ": " + e.getMessage());
        }
        if (content.length > MAX_PEM_FILE) {
            throw new InvalidInputException(option, file + " is larger than " + MAX_PEM_FILE / 1024
                    + " KiB; expected a PEM file");
        }
        return new String(content, StandardCharsets.US_ASCII);
    }

    /** The user's credential, or one a cloud mints (--auth), checked before any network call but the cloud's. */
    private Credential credential(ImageReference reference, String caPem) throws IOException, RegistryException {
        boolean userCredential = username != null || secretSource != null;
        CredentialMinter minter = cloud.minter(reference.domain(), userCredential, env, this::readStdinSecret, caPem);
        if (minter == null) {
            return readCredential();
        }
        if (!quiet) {
            spec.commandLine().getErr().println("Credential: " + minter.describe());
        }
        // minted at first use and renewed before it expires, however long the pull (or --repeat) runs
        return Credential.renewing(minter, java.time.Clock.systemUTC());
    }

    private SecretValue readStdinSecret(String option) throws IOException, InvalidInputException {
        if (stdinIsTheProcesses) {
            StdinSecret.checkGiven(option);
        }
        return StdinSecret.read(stdin, option);
    }

    private Credential readCredential() throws IOException, InvalidInputException {
        boolean password = secretSource != null && secretSource.password;
        boolean token = secretSource != null && secretSource.token;
        if (!password && !token) {
            if (username != null) {
                throw new InvalidInputException("--username", "give the password on stdin with --password-stdin"
                        + " (or a token with --token-stdin)");
            }
            return Credential.anonymous();
        }
        if (password && username == null) {
            throw new InvalidInputException("--password-stdin", "needs --username");
        }
        SecretValue secret = readStdinSecret(password ? "--password-stdin" : "--token-stdin");
        if (token && username == null) {
            return Credential.identityToken(secret);
        }
        return Credential.usernamePassword(username, secret);
    }
}
