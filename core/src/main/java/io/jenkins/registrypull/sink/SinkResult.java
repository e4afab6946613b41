package io.jenkins.registrypull.sink;

import java.util.List;

/**
 * Where the image went.
 *
 * @param location a path or an engine name, e.g. {@code /ws/out} or {@code docker}
 * @param imageId  the image id a container engine reported, or null
 * @param facts    what the sink checked, added to the pull's verification facts
 */
public record SinkResult(String location, String imageId, List<String> facts) {

    public SinkResult {
        facts = facts == null ? List.of() : List.copyOf(facts);
    }

    public SinkResult(String location, String imageId) {
        this(location, imageId, List.of());
    }
}
