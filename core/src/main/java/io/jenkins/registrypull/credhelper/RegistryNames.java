package io.jenkins.registrypull.credhelper;

import io.jenkins.registrypull.error.InvalidInputException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names clients use for one registry, and the one name the server keeps for it.
 *
 * <p>Clients disagree on how they name a registry when they ask a credential helper: the docker CLI passes
 * {@code https://index.docker.io/v1/} for Docker Hub and {@code host[:port]} for any other registry; podman and skopeo
 * (containers/image) pass {@code host[:port]}, and {@code docker.io} for Docker Hub; older tools pass a URL with a
 * scheme and a {@code /v2/} path. {@link #normalize(String)} maps every form to {@code host[:port]} in lower case,
 * with every Docker Hub alias mapped to {@code docker.io}; {@link #configKeys(String)} lists the keys the
 * {@code credHelpers} map of {@code config.json} needs so that every client finds the helper.
 *
 * <p>The port is kept as given: {@code reg.example.com} and {@code reg.example.com:443} are different keys to docker
 * too, and guessing would answer for a registry the user did not name.
 */
public final class RegistryNames {
    /** The canonical name of Docker Hub. */
    public static final String DOCKER_HUB = "docker.io";

    /** How the docker CLI names Docker Hub when it asks a helper (its legacy index address). */
    public static final String DOCKER_HUB_INDEX_URL = "https://index.docker.io/v1/";

    private static final Set<String> DOCKER_HUB_ALIASES = Set.of(DOCKER_HUB, "index.docker.io", "registry-1.docker.io",
            "registry.hub.docker.com");

    /** A DNS name or an IPv4 address, or a bracketed IPv6 address, with an optional port. */
    private static final Pattern HOST_PORT = Pattern.compile(
            "(?:[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*|\\[[0-9a-f:.]+\\])"
                    + "(?::[0-9]{1,5})?");

    private RegistryNames() {
    }

    /**
     * The registry a user configured, checked and normalised: {@code host[:port]}, no scheme, no path.
     *
     * @param field the option's name, for the message
     */
    public static String parseConfigured(String registry, String field) throws InvalidInputException {
        if (registry == null || registry.isBlank()) {
            throw new InvalidInputException(field, "empty: give a registry host, e.g. reg.example.com or "
                    + "reg.example.com:5000");
        }
        String trimmed = registry.strip();
        String normalized = normalize(trimmed);
        if (normalized == null) {
            throw new InvalidInputException(field, "'" + trimmed + "' is not a registry host: give host or host:port "
                    + "(e.g. reg.example.com, reg.example.com:5000, docker.io), without a repository path");
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        String withoutScheme = lower.replaceFirst("^https?://", "");
        int slash = withoutScheme.indexOf('/');
        if (slash >= 0) {
            String path = withoutScheme.substring(slash);
            if (!path.equals("/") && !path.equals("/v1/") && !path.equals("/v2/") && !path.equals("/v1")
                    && !path.equals("/v2")) {
                throw new InvalidInputException(field, "'" + trimmed + "' names a repository path; credentials are"
                        + " per registry: give only the host (" + normalized + ")");
            }
        }
        return normalized;
    }

    /**
     * The canonical {@code host[:port]} of what a client passed, or null when it is not a registry name at all.
     * Never throws: the input comes from another process.
     */
    public static String normalize(String serverUrl) {
        if (serverUrl == null) {
            return null;
        }
        String s = serverUrl.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("https://")) {
            s = s.substring("https://".length());
        } else if (s.startsWith("http://")) {
            s = s.substring("http://".length());
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        if (s.isEmpty() || s.length() > 255 || !HOST_PORT.matcher(s).matches()) {
            return null;
        }
        if (DOCKER_HUB_ALIASES.contains(s)) {
            return DOCKER_HUB;
        }
        return s;
    }

    /**
     * The {@code credHelpers} keys under which clients look a registry up: the name itself, and for Docker Hub every
     * form the docker CLI and containers/image use.
     */
    public static List<String> configKeys(String normalized) {
        Set<String> keys = new LinkedHashSet<>();
        if (DOCKER_HUB.equals(normalized)) {
            keys.add(DOCKER_HUB_INDEX_URL);
            keys.addAll(List.of(DOCKER_HUB, "index.docker.io", "registry-1.docker.io"));
        } else {
            keys.add(normalized);
        }
        return List.copyOf(keys);
    }
}
