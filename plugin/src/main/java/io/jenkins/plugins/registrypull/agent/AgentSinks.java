package io.jenkins.plugins.registrypull.agent;

import io.jenkins.registrypull.json.JsonTrees;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.registrypull.Target;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.sink.CommandStarter;
import io.jenkins.registrypull.sink.ContainerEngine;
import io.jenkins.registrypull.sink.DockerArchiveSink;
import io.jenkins.registrypull.sink.DockerPullSink;
import io.jenkins.registrypull.sink.EngineLoadSink;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.sink.Sink;
import java.io.File;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The engine's {@link Sink} for a decided target, created on the agent before any network call:
 * <ul>
 *   <li>{@code oci}: an OCI image layout directory at the output path;</li>
 *   <li>{@code docker-archive}: a {@code docker save} tar file at the output path;</li>
 *   <li>{@code docker}: {@code docker load} fed through stdin, or only a {@code docker tag} when the daemon already
 *       has the image ({@link DockerPullSink}); the {@code docker} found on the build's PATH, and the build's
 *       {@code DOCKER_HOST} passed as {@code --host};</li>
 *   <li>{@code podman}: {@code podman load} fed through stdin; the {@code podman} found on the build's PATH, with its
 *       default storage.</li>
 * </ul>
 * The engines run with the agent's own environment and get no credential (they receive an image, not a reference).
 * When the build's launcher is decorated ({@link LauncherCommands}), docker and podman run through it instead: by
 * their plain names, found where the launcher runs them, with the build's {@code DOCKER_HOST} as {@code --host}.
 */
final class AgentSinks {
    private static final JsonTrees JSON = new JsonTrees();

    private AgentSinks() {
    }

    /**
     * @param target      a decided target (never AUTO)
     * @param output      the file or directory for file targets (inside the workspace), else null
     * @param environment the build's environment as seen on the agent (only PATH and DOCKER_HOST are read)
     */
    @NonNull
    static Sink create(@NonNull Target target, @CheckForNull File output, @NonNull Map<String, String> environment)
            throws InvalidInputException {
        return create(target, output, environment, null, line -> { });
    }

    /**
     * @param commands the build's decorated launcher, exported from the controller; null to run the engine here
     * @param log      the build log
     */
    @NonNull
    static Sink create(@NonNull Target target, @CheckForNull File output, @NonNull Map<String, String> environment,
            @CheckForNull CommandStarter commands, @NonNull Consumer<String> log) throws InvalidInputException {
        String path = environment.get("PATH");
        if (commands != null && target == Target.DOCKER) {
            return new DockerPullSink(ContainerEngine.byName(ContainerEngine.Kind.DOCKER, environment.get("DOCKER_HOST")),
                    JSON, commands, log, false);
        }
        if (commands != null && target == Target.PODMAN) {
            return new EngineLoadSink(ContainerEngine.byName(ContainerEngine.Kind.PODMAN, null), JSON, commands);
        }
        switch (target) {
            case OCI:
                return new OciLayoutSink(output.toPath(), null, JSON);
            case DOCKER_ARCHIVE:
                return new DockerArchiveSink(output.toPath(), JSON);
            case DOCKER:
                return new DockerPullSink(ContainerEngine.docker(executable("docker", path), environment.get("DOCKER_HOST")),
                        JSON, CommandStarter.LOCAL, log, false);
            case PODMAN:
                return new EngineLoadSink(ContainerEngine.podman(executable("podman", path), null, null, null), JSON);
            default:
                throw new IllegalArgumentException("target " + target + " must be decided before creating its sink");
        }
    }

    /** The command's absolute path on the build's PATH, or null to let the engine look on the agent JVM's PATH. */
    @CheckForNull
    private static String executable(String command, @CheckForNull String path) {
        File found = TargetChooser.findOnPath(command, path);
        return found == null ? null : found.getAbsolutePath();
    }
}
