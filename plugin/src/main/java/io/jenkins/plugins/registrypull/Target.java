package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.Locale;

/**
 * Where a pulled image goes on the agent. The step's and the wrapper's {@code target} field holds {@link #id()};
 * an empty field means {@link #AUTO}: {@code docker} when a docker CLI is on the agent's PATH, else {@code oci}
 * (decided on the agent, see {@code io.jenkins.plugins.registrypull.agent.TargetChooser}).
 */
public enum Target {
    /** Not chosen by the user: decided on the agent. */
    AUTO("", false),
    /** {@code docker load} into the agent's Docker daemon, fed through stdin. */
    DOCKER("docker", false),
    /** {@code podman load} into the agent's podman image store, fed through stdin. */
    PODMAN("podman", false),
    /** An OCI image layout directory inside the workspace. */
    OCI("oci", true),
    /** A docker-archive tar file ({@code docker save} format) inside the workspace. */
    DOCKER_ARCHIVE("docker-archive", true);

    private final String id;
    private final boolean writesToWorkspace;

    Target(String id, boolean writesToWorkspace) {
        this.id = id;
        this.writesToWorkspace = writesToWorkspace;
    }

    /** The value users write: {@code docker}, {@code podman}, {@code oci}, {@code docker-archive} (empty for AUTO). */
    public String id() {
        return id;
    }

    /** Whether the image ends up as files under {@code path} in the workspace. */
    public boolean writesToWorkspace() {
        return writesToWorkspace;
    }

    /** The accepted values, for messages: {@code docker, podman, oci, docker-archive}. */
    public static String accepted() {
        return "docker, podman, oci, docker-archive";
    }

    /**
     * Parses the user's value (case-insensitive, trimmed); null or blank is {@link #AUTO}.
     *
     * @return null when the value is not one of {@link #accepted()}
     */
    @CheckForNull
    public static Target fromId(@CheckForNull String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (Target t : values()) {
            if (t != AUTO && t.id.equals(v)) {
                return t;
            }
        }
        return null;
    }
}
