package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.sink.CommandStarter;
import io.jenkins.registrypull.sink.ContainerEngine;
import io.jenkins.registrypull.sink.DockerPullSink;
import io.jenkins.registrypull.sink.EngineLoadSink;
import io.jenkins.registrypull.sink.Sink;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.function.Consumer;

/** {@code --load docker|podman} and the options of the engine it runs. */
final class LoadOptions {

    @Option(names = "--load", paramLabel = "ENGINE",
            description = "Load the image into docker or podman as it is pulled (streamed to 'docker load' /"
                    + " 'podman load'; no archive on disk), tagged with REF. An image docker already has is only"
                    + " tagged")
    String engine;

    @Option(names = "--docker-serve",
            description = "With --load docker: serve the verified image on 127.0.0.1 for this pull only and let"
                    + " dockerd pull it from there (falls back to 'docker load' when it cannot reach it)")
    boolean dockerServe;

    @Option(names = "--load-executable", paramLabel = "PATH",
            description = "The docker or podman program --load runs (default: docker or podman on PATH)")
    String executable;

    @Option(names = "--docker-host", paramLabel = "URL",
            description = "The docker daemon for --load docker, e.g. unix:///var/run/docker.sock"
                    + " (default: DOCKER_HOST or docker's own default)")
    String dockerHost;

    @Option(names = "--podman-root", paramLabel = "DIR", description = "podman --root for --load podman")
    Path podmanRoot;

    @Option(names = "--podman-runroot", paramLabel = "DIR", description = "podman --runroot for --load podman")
    Path podmanRunroot;

    @Option(names = "--podman-storage-driver", paramLabel = "NAME",
            description = "podman --storage-driver for --load podman, e.g. overlay or vfs")
    String podmanStorageDriver;

    boolean requested() {
        return engine != null;
    }

    /**
     * Checks the combination and builds the sink; every mistake names the option.
     *
     * @param notes where a fallback from the served docker pull (--docker-serve) to {@code docker load} is said
     */
    Sink sink(JsonTrees json, Consumer<String> notes) throws InvalidInputException {
        boolean podmanOptions = podmanRoot != null || podmanRunroot != null || podmanStorageDriver != null;
        if (engine == null) {
            if (executable != null || dockerHost != null || podmanOptions || dockerServe) {
                throw new InvalidInputException(executable != null ? "--load-executable" : dockerHost != null
                        ? "--docker-host" : dockerServe ? "--docker-serve" : "--podman-*",
                        "only applies with --load docker or --load podman");
            }
            return null;
        }
        ContainerEngine.Kind kind = ContainerEngine.Kind.parse(engine, "--load");
        try {
            if (kind == ContainerEngine.Kind.DOCKER) {
                if (podmanOptions) {
                    throw new InvalidInputException("--podman-*", "the podman options only apply with --load podman");
                }
                ContainerEngine docker = ContainerEngine.docker(executable, dockerHost);
                return new DockerPullSink(docker, json, CommandStarter.LOCAL, notes, dockerServe);
            }
            if (dockerHost != null || dockerServe) {
                throw new InvalidInputException(dockerHost != null ? "--docker-host" : "--docker-serve",
                        "only applies with --load docker");
            }
            return new EngineLoadSink(ContainerEngine.podman(executable, podmanRoot, podmanRunroot,
                    podmanStorageDriver), json);
        } catch (InvalidInputException e) {
            throw renamed(e);
        }
    }

    /** The engine names fields as the API does (dockerHost); say the option's name instead. */
    private static InvalidInputException renamed(InvalidInputException e) {
        String option = switch (e.field()) {
            case "dockerHost" -> "--docker-host";
            case "podmanStorageDriver" -> "--podman-storage-driver";
            case "dockerExecutable", "podmanExecutable" -> "--load-executable";
            default -> e.field();
        };
        if (option.equals(e.field())) {
            return e;
        }
        return new InvalidInputException(option, e.problem());
    }
}
