package io.jenkins.registrypull.sink;

/**
 * Where the image went.
 *
 * @param location a path or an engine name, e.g. {@code /ws/out} or {@code docker}
 * @param imageId  the image id a container engine reported, or null
 */
public record SinkResult(String location, String imageId) {
}
