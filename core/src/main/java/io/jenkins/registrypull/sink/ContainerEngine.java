package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.error.InvalidInputException;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A container engine on this machine to load images into: which program to run and which daemon
 * or storage it talks to. Nothing here is secret, and nothing secret is ever given to the engine:
 * it receives the image on stdin, its environment is this JVM's, unchanged.
 *
 * <p>Validated when built, before any network call: an executable that cannot be found, a daemon
 * address that is not a URL docker understands, or a storage driver name with odd characters
 * fails with {@link InvalidInputException} naming the field.
 */
public final class ContainerEngine {

    /** The engines this project loads into. */
    public enum Kind {
        DOCKER("docker"), PODMAN("podman");

        private final String command;

        Kind(String command) {
            this.command = command;
        }

        /** The program's usual name, also its default executable. */
        public String command() {
            return command;
        }

        /** Parses {@code docker} or {@code podman}. */
        public static Kind parse(String value, String field) throws InvalidInputException {
            if (value != null) {
                for (Kind kind : values()) {
                    if (kind.command.equals(value.trim().toLowerCase(Locale.ROOT))) {
                        return kind;
                    }
                }
            }
            throw new InvalidInputException(field, "'" + value + "' is not a container engine; expected docker or podman");
        }
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    private static final Pattern DOCKER_HOST = Pattern.compile("(unix|tcp|ssh|npipe|fd)://\\S+");
    private static final Pattern STORAGE_DRIVER = Pattern.compile("[a-z0-9_]+");

    private final Kind kind;
    private final String executable;
    private final String dockerHost;
    private final Path podmanRoot;
    private final Path podmanRunroot;
    private final String podmanStorageDriver;
    private final Duration timeout;

    private ContainerEngine(Kind kind, String executable, String dockerHost, Path podmanRoot, Path podmanRunroot,
                            String podmanStorageDriver, Duration timeout) {
        this.kind = kind;
        this.executable = executable;
        this.dockerHost = dockerHost;
        this.podmanRoot = podmanRoot;
        this.podmanRunroot = podmanRunroot;
        this.podmanStorageDriver = podmanStorageDriver;
        this.timeout = timeout;
    }

    /**
     * docker.
     *
     * @param executable the docker client to run; null or blank means {@code docker} from PATH
     * @param dockerHost the daemon, e.g. {@code unix:///var/run/docker.sock}, passed as {@code --host};
     *                   null or blank means what the client would use (DOCKER_HOST, its context, the default socket)
     */
    public static ContainerEngine docker(String executable, String dockerHost) throws InvalidInputException {
        String host = dockerHost(dockerHost);
        return new ContainerEngine(Kind.DOCKER, resolveExecutable(executable, Kind.DOCKER), host, null, null, null,
                DEFAULT_TIMEOUT);
    }

    private static String dockerHost(String dockerHost) throws InvalidInputException {
        String host = blankToNull(dockerHost);
        if (host != null && !DOCKER_HOST.matcher(host).matches()) {
            throw new InvalidInputException("dockerHost", "'" + host + "' is not a docker daemon address; expected"
                    + " unix:///path/to/docker.sock, tcp://host:port or ssh://user@host");
        }
        return host;
    }

    /**
     * podman (no daemon: it writes to its storage itself).
     *
     * @param executable    the podman to run; null or blank means {@code podman} from PATH
     * @param root          {@code --root}, the storage directory; null for podman's default
     * @param runroot       {@code --runroot}, the state directory; null for podman's default
     * @param storageDriver {@code --storage-driver}, e.g. {@code overlay} or {@code vfs}; null for podman's default
     */
    public static ContainerEngine podman(String executable, Path root, Path runroot, String storageDriver)
            throws InvalidInputException {
        String driver = blankToNull(storageDriver);
        if (driver != null && !STORAGE_DRIVER.matcher(driver).matches()) {
            throw new InvalidInputException("podmanStorageDriver", "'" + driver
                    + "' is not a storage driver name; expected e.g. overlay or vfs");
        }
        return new ContainerEngine(Kind.PODMAN, resolveExecutable(executable, Kind.PODMAN), null, absolute(root),
                absolute(runroot), driver, DEFAULT_TIMEOUT);
    }

    private static Path absolute(Path path) {
        return path == null ? null : path.toAbsolutePath().normalize();
    }

    /**
     * An engine whose executable is left to whoever runs the command: its plain name ({@code docker},
     * {@code podman}), found on the PATH where the command runs, with the default storage (podman). For a
     * {@link CommandStarter} that runs commands elsewhere than this JVM's machine (a Kubernetes pod's other
     * container), where this machine's PATH says nothing; so it is not looked up here.
     *
     * @param dockerHost for docker, as in {@link #docker}; ignored for podman
     */
    public static ContainerEngine byName(Kind kind, String dockerHost) throws InvalidInputException {
        if (kind == Kind.DOCKER) {
            return new ContainerEngine(kind, kind.command(), dockerHost(dockerHost), null, null, null, DEFAULT_TIMEOUT);
        }
        return new ContainerEngine(kind, kind.command(), null, null, null, null, DEFAULT_TIMEOUT);
    }

    /** The same engine with another deadline for one load (from starting the engine to its answer). */
    public ContainerEngine withTimeout(Duration value) throws InvalidInputException {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidInputException("loadTimeout", "must be a positive duration");
        }
        return new ContainerEngine(kind, executable, dockerHost, podmanRoot, podmanRunroot, podmanStorageDriver, value);
    }

    public Kind kind() {
        return kind;
    }

    /** The program run, as given or found on PATH. */
    public String executable() {
        return executable;
    }

    /** The docker daemon address given, or null. */
    public String dockerHost() {
        return dockerHost;
    }

    public Path podmanRoot() {
        return podmanRoot;
    }

    public Path podmanRunroot() {
        return podmanRunroot;
    }

    public String podmanStorageDriver() {
        return podmanStorageDriver;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The command line for {@code args} (e.g. {@code load}), with the daemon or storage options first. */
    public List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        if (kind == Kind.DOCKER) {
            if (dockerHost != null) {
                command.add("--host");
                command.add(dockerHost);
            }
        } else {
            if (podmanRoot != null) {
                command.add("--root");
                command.add(podmanRoot.toString());
            }
            if (podmanRunroot != null) {
                command.add("--runroot");
                command.add(podmanRunroot.toString());
            }
            if (podmanStorageDriver != null) {
                command.add("--storage-driver");
                command.add(podmanStorageDriver);
            }
        }
        Collections.addAll(command, args);
        return command;
    }

    /** For logs and results, e.g. {@code docker (unix:///run/docker.sock)} or {@code podman (root /var/lib/x)}. */
    public String describe() {
        if (kind == Kind.DOCKER) {
            return "docker (" + (dockerHost != null ? dockerHost : "its default daemon") + ")";
        }
        return "podman (" + (podmanRoot != null ? "root " + podmanRoot : "its default storage") + ")";
    }

    /** Where to look when the engine fails, for error messages. */
    String whatToCheck() {
        if (kind == Kind.DOCKER) {
            return "Check that the docker daemon at " + (dockerHost != null ? dockerHost
                    : "DOCKER_HOST (or the default socket)") + " is running and that this agent's user may use it.";
        }
        return "Check that '" + executable + "' works for this agent's user with the same storage options"
                + (podmanRoot != null ? " (--root " + podmanRoot + ")" : "") + ".";
    }

    @Override
    public String toString() {
        return "ContainerEngine[" + kind.command() + " " + executable + ", " + describe() + "]";
    }

    private static String resolveExecutable(String executable, Kind kind) throws InvalidInputException {
        String field = kind.command() + "Executable";
        String value = blankToNull(executable);
        if (value == null) {
            value = kind.command();
        }
        if (value.indexOf('\0') >= 0 || value.indexOf('\n') >= 0) {
            throw new InvalidInputException(field, "has a control character");
        }
        if (value.contains("/") || value.contains(File.separator)) {
            Path path = Path.of(value);
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new InvalidInputException(field, value + " is not an executable file; install " + kind.command()
                        + " or give the path of its executable");
            }
            return path.toAbsolutePath().normalize().toString();
        }
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) {
            for (String dir : pathVariable.split(Pattern.quote(File.pathSeparator))) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, value);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new InvalidInputException(field, "'" + value + "' was not found on PATH; install " + kind.command()
                + " on this machine or give the path of its executable");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
