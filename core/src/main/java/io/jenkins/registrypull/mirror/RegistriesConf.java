package io.jenkins.registrypull.mirror;

import io.jenkins.registrypull.error.InvalidInputException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry rules of a containers-registries.conf(5) v2 file (or the Jenkins global configuration holding the
 * same structure), checked as containers/image checks them, plus what was in the file that this engine does not
 * do (reported, never silently dropped).
 *
 * @param registries  the rules, one per prefix (a later rule with the same prefix is dropped, as containers/image does)
 * @param unsupported one line per setting that was read but is not applied, for the log
 */
public record RegistriesConf(List<RegistryRule> registries, List<String> unsupported) {

    public static final RegistriesConf EMPTY = new RegistriesConf(List.of(), List.of());

    public RegistriesConf {
        registries = List.copyOf(registries);
        unsupported = List.copyOf(unsupported);
    }

    /**
     * Checks the rules (naming {@code source} and the rule in every error) and drops repeated prefixes, keeping the
     * first. Accepted: a prefix or a location on each rule; an empty location only with a {@code *.example.com}
     * prefix; locations without {@code http://} or {@code https://}; a location on every mirror; not both
     * {@code mirror-by-digest-only} and a mirror's {@code pull-from-mirror}; one {@code insecure} and one
     * {@code blocked} setting per location.
     */
    public static RegistriesConf of(List<RegistryRule> rules, List<String> unsupported, String source)
            throws InvalidInputException {
        List<String> notes = new ArrayList<>(unsupported);
        Map<String, RegistryRule> byPrefix = new LinkedHashMap<>();
        Map<String, RegistryRule> byLocation = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            RegistryRule rule = normalise(rules.get(i), source, i + 1);
            String key = rule.location().isEmpty() ? rule.prefix() : rule.location();
            RegistryRule other = byLocation.putIfAbsent(key, rule);
            if (other != null && other.insecure() != rule.insecure()) {
                throw new InvalidInputException(source, "registry '" + key + "' is defined several times with"
                        + " different 'insecure' settings; give it one");
            }
            if (other != null && other.blocked() != rule.blocked()) {
                throw new InvalidInputException(source, "registry '" + key + "' is defined several times with"
                        + " different 'blocked' settings; give it one");
            }
            if (byPrefix.putIfAbsent(rule.prefix(), rule) != null) {
                notes.add(source + ": [[registry]] #" + (i + 1) + " repeats prefix '" + rule.prefix()
                        + "'; as in containers/image only the first rule with a prefix is used");
            }
        }
        return new RegistriesConf(new ArrayList<>(byPrefix.values()), notes);
    }

    private static RegistryRule normalise(RegistryRule rule, String source, int number) throws InvalidInputException {
        String where = source + " [[registry]] #" + number;
        String location = location(rule.location(), where + " location");
        String prefix = rule.prefix().isBlank() ? "" : location(rule.prefix(), where + " prefix");
        if (prefix.isEmpty()) {
            if (location.isEmpty()) {
                throw new InvalidInputException(where, "neither prefix nor location is set; give at least the"
                        + " location (host[:port][/path])");
            }
            prefix = location;
        }
        if (prefix.startsWith("*.")) {
            if (prefix.indexOf('/') >= 0 || prefix.indexOf(':') >= 0 || prefix.indexOf('@') >= 0
                    || prefix.indexOf('*', 1) >= 0) {
                throw new InvalidInputException(where + " prefix", "'" + prefix + "': a wildcard prefix is"
                        + " *.domain only, without port, path, '@' or another '*'");
            }
        } else if (prefix.contains("*")) {
            throw new InvalidInputException(where + " prefix", "'" + prefix + "': '*' is accepted only as the"
                    + " first label, as in *.example.com");
        } else if (location.isEmpty()) {
            throw new InvalidInputException(where + " location", "is unset, which is accepted only with a wildcard"
                    + " prefix (*.example.com); give host[:port][/path]");
        }
        List<MirrorRule> mirrors = new ArrayList<>();
        for (int m = 0; m < rule.mirrors().size(); m++) {
            MirrorRule mirror = rule.mirrors().get(m);
            String mirrorWhere = where + " [[registry.mirror]] #" + (m + 1);
            String mirrorLocation = location(mirror.location(), mirrorWhere + " location");
            if (mirrorLocation.isEmpty()) {
                throw new InvalidInputException(mirrorWhere + " location", "is unset; give host[:port][/path]");
            }
            if (rule.mirrorByDigestOnly() && mirror.pullFromMirror() != PullFromMirror.ALL) {
                throw new InvalidInputException(mirrorWhere + " pull-from-mirror", "cannot be set together with"
                        + " mirror-by-digest-only on its registry ('" + prefix + "'); keep one of the two");
            }
            mirrors.add(new MirrorRule(mirrorLocation, mirror.insecure(), mirror.pullFromMirror(),
                    mirror.caCertificatePem()));
        }
        return new RegistryRule(prefix, location, rule.insecure(), rule.blocked(), rule.mirrorByDigestOnly(), mirrors);
    }

    private static String location(String value, String field) throws InvalidInputException {
        String trimmed = value == null ? "" : value.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.startsWith("http://") || trimmed.startsWith("https://")) {
            throw new InvalidInputException(field, "'" + value + "': URI schemes are not accepted; write"
                    + " host[:port][/path] and set insecure = true for plain HTTP");
        }
        return trimmed;
    }

    /**
     * The same rules with {@code caPem} trusted for every mirror at {@code location} (registries.conf has no
     * such field: the Jenkins configuration and the CLI's {@code --mirror-ca-cert} add it).
     */
    public RegistriesConf withMirrorCaCertificate(String location, String caPem) {
        List<RegistryRule> rules = new ArrayList<>();
        for (RegistryRule rule : registries) {
            List<MirrorRule> mirrors = new ArrayList<>();
            for (MirrorRule m : rule.mirrors()) {
                mirrors.add(m.location().equals(location)
                        ? new MirrorRule(m.location(), m.insecure(), m.pullFromMirror(), caPem) : m);
            }
            rules.add(new RegistryRule(rule.prefix(), rule.location(), rule.insecure(), rule.blocked(),
                    rule.mirrorByDigestOnly(), mirrors));
        }
        return new RegistriesConf(rules, unsupported);
    }

    /** The rule with the longest prefix matching {@code ref} (a full reference string), or null. */
    public RegistryRule find(String ref) {
        RegistryRule best = null;
        for (RegistryRule rule : registries) {
            if (rule.matchLength(ref) != -1 && (best == null || rule.prefix().length() > best.prefix().length())) {
                best = rule;
            }
        }
        return best;
    }

    public boolean isEmpty() {
        return registries.isEmpty();
    }
}
