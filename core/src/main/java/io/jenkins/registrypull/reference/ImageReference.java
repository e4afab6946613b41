package io.jenkins.registrypull.reference;

import io.jenkins.registrypull.error.InvalidInputException;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * A parsed image reference, {@code domain/repository[:tag][@digest]}, with docker's defaults made
 * explicit: {@code ubuntu} is {@code docker.io/library/ubuntu:latest}.
 *
 * @param domain     the registry as named in the reference ({@code docker.io}, {@code localhost:5000})
 * @param repository the path inside the registry ({@code library/ubuntu})
 * @param tag        the tag, or null when only a digest was given
 * @param digest     the pinned digest, or null
 */
public record ImageReference(String domain, String repository, String tag, Digest digest) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public static final String DOCKER_HUB_DOMAIN = "docker.io";
    public static final String DOCKER_HUB_API_HOST = "registry-1.docker.io";
    public static final String DEFAULT_TAG = "latest";

    public ImageReference {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(repository, "repository");
        if (tag == null && digest == null) {
            throw new IllegalArgumentException("a reference needs a tag or a digest");
        }
    }

    /** Parses user input; see {@link ReferenceParser} for the grammar and the messages. */
    public static ImageReference parse(String input) throws InvalidInputException {
        return ReferenceParser.parse(input, "image");
    }

    /** Parses user input, naming {@code field} in any error. */
    public static ImageReference parse(String input, String field) throws InvalidInputException {
        return ReferenceParser.parse(input, field);
    }

    /**
     * Checks a registry named alone ({@code host[:port]}, e.g. an insecure-registry entry) by the rules of a
     * reference's domain: a port is 1 to 65535, an IPv6 literal is a real address in brackets.
     */
    public static String parseRegistry(String hostPort, String field) throws InvalidInputException {
        return ReferenceParser.parseRegistry(hostPort, field);
    }

    /** The host (and port) that serves the registry API; docker.io is served by registry-1.docker.io. */
    public String apiHost() {
        return DOCKER_HUB_DOMAIN.equals(domain) ? DOCKER_HUB_API_HOST : domain;
    }

    /** The tag or digest the manifest is fetched by: the digest wins when both are given. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    /** {@code domain/repository}, the name docker shows in {@code docker images}. */
    public String name() {
        return domain + "/" + repository;
    }

    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(domain, repository, tag, newDigest);
    }

    /** The canonical string: {@code domain/repository[:tag][@digest]}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name());
        if (tag != null) {
            s.append(':').append(tag);
        }
        if (digest != null) {
            s.append('@').append(digest);
        }
        return s.toString();
    }
}
