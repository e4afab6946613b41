package io.jenkins.registrypull.mirror;

import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.http.RegistryEndpoint;
import io.jenkins.registrypull.reference.ImageReference;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns an image reference into the places to pull it from, in order, with the semantics of containers/image's
 * {@code PullSourcesFromReference}: the rule with the longest matching prefix decides; its mirrors come first
 * (those whose {@code pull-from-mirror}, or the registry's {@code mirror-by-digest-only}, allows this kind of pull:
 * by digest when the reference has {@code @sha256:...}, else by tag), then the registry; each gets the reference
 * with the prefix replaced by its location. A blocked registry is refused here, before any request.
 */
public final class SourcePlanner {

    private final RegistriesConf conf;

    public SourcePlanner(RegistriesConf conf) {
        this.conf = conf;
    }

    /**
     * @param primaryInsecure the pull's own insecure setting for the registry (or-ed with the rule's)
     * @param primaryCaPem    the pull's extra CA for the registry (mirrors have their own)
     */
    public List<PullSource> plan(ImageReference reference, boolean primaryInsecure, String primaryCaPem)
            throws InvalidInputException {
        String ref = reference.toString();
        RegistryRule rule = conf.find(ref);
        if (rule == null) {
            return List.of(new PullSource(reference, new RegistryEndpoint(reference.apiHost(), primaryInsecure,
                    primaryCaPem), false, reference.domain(), null));
        }
        if (rule.blocked()) {
            throw new InvalidInputException("image", reference + " is blocked by the registries.conf rule with"
                    + " prefix '" + rule.prefix() + "' (blocked = true); nothing was requested. Pull the image from a"
                    + " registry that is allowed, or ask the administrator who wrote the rule.");
        }
        boolean digested = reference.digest() != null;
        List<PullSource> sources = new ArrayList<>();
        for (MirrorRule mirror : rule.mirrors()) {
            boolean serves = rule.mirrorByDigestOnly() ? digested : mirror.pullFromMirror().serves(digested);
            if (serves) {
                ImageReference rewritten = rewrite(reference, rule, mirror.location());
                sources.add(new PullSource(rewritten, new RegistryEndpoint(rewritten.apiHost(), mirror.insecure(),
                        mirror.caCertificatePem()), true, mirror.location(), reference.domain()));
            }
        }
        ImageReference primary = rewrite(reference, rule, rule.location());
        sources.add(new PullSource(primary, new RegistryEndpoint(primary.apiHost(), rule.insecure() || primaryInsecure,
                primaryCaPem), false, rule.location().isEmpty() ? reference.domain() : rule.location(), null));
        return List.copyOf(sources);
    }

    private static ImageReference rewrite(ImageReference reference, RegistryRule rule, String location)
            throws InvalidInputException {
        if (location.isEmpty()) {
            return reference; // a wildcard rule without location: the registry is the image's own
        }
        String ref = reference.toString();
        String rewritten = location + ref.substring(rule.matchLength(ref));
        String field = "registries.conf location '" + location + "' (prefix '" + rule.prefix() + "')";
        ImageReference parsed = ImageReference.parse(rewritten, field);
        // A location must name its host explicitly: "mirror/x" would otherwise silently mean docker.io/mirror/x.
        if (!rewritten.startsWith(parsed.domain() + "/")) {
            throw new InvalidInputException(field, "must start with a registry host (with a dot or a port, or"
                    + " localhost), e.g. mirror.example.com or 127.0.0.1:5000; " + reference + " would become "
                    + parsed);
        }
        return parsed;
    }
}
