package io.jenkins.registrypull.sink;

import java.util.List;

/**
 * Where the image went.
 *
 * @param location       a path or an engine name, e.g. {@code /ws/out} or {@code docker}
 * @param imageId        the image id a container engine reported, or null
 * @param facts          what the sink checked, added to the pull's verification facts
 * @param localReference the name the target itself resolves without the registry: {@code reg/repo:tag} in docker
 *                       or podman, {@code oci:DIR:tag}, {@code docker-archive:FILE}; null when unknown
 */
public record SinkResult(String location, String imageId, List<String> facts, String localReference) {

    public SinkResult {
        facts = facts == null ? List.of() : List.copyOf(facts);
    }

    public SinkResult(String location, String imageId, List<String> facts) {
        this(location, imageId, facts, null);
    }

    public SinkResult(String location, String imageId) {
        this(location, imageId, List.of(), null);
    }
}
