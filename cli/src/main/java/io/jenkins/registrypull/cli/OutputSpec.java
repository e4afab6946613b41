package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.sink.DockerArchiveSink;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.sink.Sink;

import java.nio.file.Path;

/** Parses {@code --output TYPE:PATH}. */
final class OutputSpec {

    static final String ACCEPTED = "oci:DIR or docker-archive:FILE";

    private OutputSpec() {
    }

    static Sink parse(String spec, JsonTrees json) throws InvalidInputException {
        if (spec == null || spec.isBlank()) {
            throw new InvalidInputException("--output", "say where the image goes: " + ACCEPTED);
        }
        int colon = spec.indexOf(':');
        String type = colon < 0 ? spec : spec.substring(0, colon);
        String path = colon < 0 ? "" : spec.substring(colon + 1);
        if (path.isEmpty()) {
            throw new InvalidInputException("--output", "'" + spec + "' has no path; expected " + ACCEPTED);
        }
        if (type.equals("oci")) {
            return new OciLayoutSink(Path.of(path), null, json);
        }
        if (type.equals("docker-archive")) {
            if (path.endsWith("/")) {
                throw new InvalidInputException("--output", "'" + spec + "' names a directory; a docker-archive"
                        + " is a file, e.g. docker-archive:image.tar");
            }
            return new DockerArchiveSink(Path.of(path), json);
        }
        throw new InvalidInputException("--output", "unknown output type '" + type + "'; expected " + ACCEPTED);
    }
}
