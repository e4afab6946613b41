package io.jenkins.registrypull.mirror;

import java.util.List;
import java.util.Objects;

/**
 * One {@code [[registry]]} of containers-registries.conf(5) v2.
 *
 * @param prefix             what image names it applies to: {@code host[:port][/path]}, or {@code *.example.com}
 *                           for every subdomain of example.com
 * @param location           where the registry really is (replaces the prefix); empty only for a wildcard prefix
 * @param insecure           spoken to over plain HTTP
 * @param blocked            pulls of matching images are refused before any request
 * @param mirrorByDigestOnly mirrors serve only pulls by digest
 * @param mirrors            tried in order before the registry
 */
public record RegistryRule(String prefix, String location, boolean insecure, boolean blocked,
                           boolean mirrorByDigestOnly, List<MirrorRule> mirrors) {

    public RegistryRule {
        Objects.requireNonNull(prefix, "prefix");
        location = location == null ? "" : location;
        mirrors = List.copyOf(mirrors);
    }

    public boolean isWildcard() {
        return prefix.startsWith("*.");
    }

    /**
     * How many characters of {@code ref} (a full reference string, {@code host/repo:tag}) the prefix matches, or -1
     * when it does not apply. As containers/image: the prefix must end at the end of the reference or before
     * {@code /}, {@code :} or {@code @}; {@code *.example.com} matches any host ending in {@code .example.com}.
     */
    public int matchLength(String ref) {
        int end;
        if (isWildcard()) {
            String suffix = prefix.substring(1);
            int index = ref.indexOf(suffix);
            if (index == -1 || ref.substring(0, index).contains("/")) {
                return -1;
            }
            end = index + suffix.length();
        } else {
            if (!ref.startsWith(prefix)) {
                return -1;
            }
            end = prefix.length();
        }
        if (end == ref.length()) {
            return end;
        }
        char c = ref.charAt(end);
        return c == '/' || c == ':' || c == '@' ? end : -1;
    }
}
