package io.jenkins.registrypull.reference;

import io.jenkins.registrypull.error.InvalidInputException;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The docker reference grammar (distribution/reference), applied part by part so that an error
 * names the part that is wrong:
 *
 * <pre>
 * reference        := name [ ":" tag ] [ "@" digest ]
 * name             := [domain "/"] path                                    (path: at most 255 characters)
 * path             := path-component ["/" path-component]*
 * domain           := host [":" port]          host := domain-name | "[" IPv6 "]"
 * domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
 * path-component   := [a-z0-9]+ ( ([._] | "__" | "-"+) [a-z0-9]+ )*
 * tag              := [\w][\w.-]{0,127}
 * </pre>
 *
 * The first component is a domain only when it contains '.' or ':', is {@code localhost}, or has
 * uppercase letters (docker's rule); otherwise the name is on Docker Hub, and a single component
 * gets the {@code library/} prefix.
 */
final class ReferenceParser {

    static final int NAME_MAX_LENGTH = 255;

    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");
    private static final String LEGACY_HUB_DOMAIN = "index.docker.io";
    private static final String LOCALHOST = "localhost";

    private ReferenceParser() {
    }

    static ImageReference parse(String input, String field) throws InvalidInputException {
        if (input == null || input.isEmpty()) {
            throw new InvalidInputException(field, "an image reference is required, e.g. registry.example.com/team/app:1.2");
        }
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new InvalidInputException(field, "'" + printable(input)
                        + "' contains whitespace or a character outside ASCII at position " + (i + 1));
            }
        }
        if (IDENTIFIER.matcher(input).matches()) {
            throw new InvalidInputException(field, "'" + input
                    + "' is a 64-digit image id, not a reference; name the image, e.g. repo@sha256:" + input);
        }

        String rest = input;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1), field);
            rest = rest.substring(0, at);
        }

        String tag = null;
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.indexOf(':', lastSlash + 1);
        if (colon >= 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new InvalidInputException(field, "tag '" + tag + "' is invalid: a tag has 1 to 128 characters"
                        + " from A-Z a-z 0-9 _ . - and does not start with . or -");
            }
        }
        if (rest.isEmpty()) {
            throw new InvalidInputException(field, "'" + input + "' has no repository name before the "
                    + (tag != null ? "tag" : "digest"));
        }

        String domain;
        String path;
        int slash = rest.indexOf('/');
        if (slash < 0) {
            domain = ImageReference.DOCKER_HUB_DOMAIN;
            path = rest;
        } else {
            String first = rest.substring(0, slash);
            if (first.equals(LOCALHOST) || first.indexOf('.') >= 0 || first.indexOf(':') >= 0
                    || !first.toLowerCase(Locale.ROOT).equals(first)) {
                domain = first.equals(LEGACY_HUB_DOMAIN) ? ImageReference.DOCKER_HUB_DOMAIN : first;
                path = rest.substring(slash + 1);
                if (!DOMAIN.matcher(domain).matches()) {
                    throw new InvalidInputException(field, "registry '" + domain + "' is not a valid host[:port]: use a"
                            + " host name (letters, digits, '-' and '.'), an IPv4 address or [IPv6], and an optional numeric port");
                }
                checkHostPort(domain, field);
            } else {
                domain = ImageReference.DOCKER_HUB_DOMAIN;
                path = rest;
            }
        }
        if (path.isEmpty()) {
            throw new InvalidInputException(field, "'" + input + "' has a registry but no repository path after it");
        }
        if (!path.toLowerCase(Locale.ROOT).equals(path)) {
            throw new InvalidInputException(field, "repository name '" + path + "' must be lowercase");
        }
        String[] components = path.split("/", -1);
        for (String component : components) {
            if (component.isEmpty()) {
                throw new InvalidInputException(field, "repository name '" + path + "' has an empty path component (//"
                        + " or a trailing /)");
            }
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw new InvalidInputException(field, "repository path component '" + component + "' is invalid:"
                        + " use lowercase letters and digits, separated by one '.', one or two '_', or any number of '-'");
            }
        }
        if (ImageReference.DOCKER_HUB_DOMAIN.equals(domain) && components.length == 1) {
            path = "library/" + path;
        }
        // distribution/reference limits the path (the repository name) only; the domain is not counted
        if (path.length() > NAME_MAX_LENGTH) {
            throw new InvalidInputException(field, "the repository name '" + path.substring(0, 40) + "...' is "
                    + path.length() + " characters long; at most " + NAME_MAX_LENGTH + " are allowed");
        }
        if (tag == null && digest == null) {
            tag = ImageReference.DEFAULT_TAG;
        }
        return new ImageReference(domain, path, tag, digest);
    }

    /** Checks a registry given alone, {@code host[:port]}, by the rules of a reference's domain. */
    static String parseRegistry(String hostPort, String field) throws InvalidInputException {
        if (hostPort == null || !DOMAIN.matcher(hostPort).matches()) {
            throw new InvalidInputException(field, "'" + (hostPort == null ? "" : printable(hostPort))
                    + "' is not HOST[:PORT]: use a host name (letters, digits, '-' and '.'), an IPv4 address or"
                    + " [IPv6], and an optional numeric port");
        }
        checkHostPort(hostPort, field);
        return hostPort;
    }

    /**
     * What the grammar's pattern lets through but no connection can use: a port outside 1-65535 and
     * a bracketed IPv6 literal that is not an address ({@code [:::]}, {@code [1:2]}).
     *
     * @param hostPort {@code host[:port]} already matching the domain pattern
     */
    static void checkHostPort(String hostPort, String field) throws InvalidInputException {
        int close = hostPort.lastIndexOf(']');
        int colon = hostPort.lastIndexOf(':');
        if (colon > close) {
            String port = hostPort.substring(colon + 1);
            long value = port.length() > 5 ? Long.MAX_VALUE : Long.parseLong(port);
            if (value < 1 || value > 65535) {
                throw new InvalidInputException(field, "registry '" + hostPort + "' has port "
                        + (port.length() > 12 ? port.substring(0, 12) + "..." : port) + "; a port is 1 to 65535");
            }
        }
        if (hostPort.startsWith("[")) {
            String literal = hostPort.substring(1, close);
            if (!isIpv6Literal(literal)) {
                throw new InvalidInputException(field, "registry '" + hostPort + "' has '[" + literal + "]', which is"
                        + " not an IPv6 address; write one as e.g. [::1] or [fd00::1]:5000");
            }
        }
    }

    /** RFC 4291 text form, hex groups only (the domain pattern admits no dots or zone): 8 groups, or fewer with one "::". */
    private static boolean isIpv6Literal(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] halves = doubleColon >= 0
                ? new String[] {text.substring(0, doubleColon), text.substring(doubleColon + 2)}
                : new String[] {text};
        int groups = 0;
        for (String half : halves) {
            if (half.isEmpty()) {
                continue;
            }
            for (String group : half.split(":", -1)) {
                if (group.isEmpty() || group.length() > 4) {
                    return false;
                }
                groups++;
            }
        }
        return doubleColon >= 0 ? groups <= 7 : groups == 8;
    }

    private static String printable(String input) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < input.length() && s.length() < 120; i++) {
            char c = input.charAt(i);
            s.append(c < ' ' || c >= 0x7f ? '?' : c);
        }
        return s.toString();
    }
}
