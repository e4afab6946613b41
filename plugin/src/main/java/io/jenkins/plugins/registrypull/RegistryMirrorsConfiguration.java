package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.registrypull.agent.AgentMirrors;
import io.jenkins.plugins.registrypull.credentials.RegistryCredentialsResolver;
import io.jenkins.plugins.registrypull.credentials.RegistryLogin;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.credhelper.RegistryNames;
import io.jenkins.registrypull.mirror.RegistriesConf;
import io.jenkins.registrypull.mirror.RegistryRule;
import io.jenkins.registrypull.reference.ImageReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Registry mirrors and pull-through caches for every pull of the controller, in the structure of
 * containers-registries.conf(5) v2 (Manage Jenkins, System, "Registry mirrors"; JCasC:
 * {@code unclassified: registryMirrors: registries: [...]}). Each mirror may have its own credentials and CA
 * certificate; a mirror never gets the registry's credentials. Optionally the agent's own registries.conf is read as
 * well (after these rules: a prefix configured here wins).
 */
@Extension
@Symbol("registryMirrors")
public final class RegistryMirrorsConfiguration extends GlobalConfiguration {
    /** Where podman, skopeo and buildah read it on Linux. */
    public static final String DEFAULT_AGENT_FILE = "/etc/containers/registries.conf";

    @NonNull
    private List<MirroredRegistry> registries = new ArrayList<>();
    private boolean readAgentRegistriesConf;
    @CheckForNull
    private String agentRegistriesConfPath;

    public RegistryMirrorsConfiguration() {
        load();
    }

    /** The configuration, or null where it is not registered (a plugin test without it). */
    @CheckForNull
    public static RegistryMirrorsConfiguration get() {
        return ExtensionList.lookupFirst(RegistryMirrorsConfiguration.class);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return Messages.RegistryMirrors_DisplayName();
    }

    @NonNull
    public List<MirroredRegistry> getRegistries() {
        return Collections.unmodifiableList(registries);
    }

    @DataBoundSetter
    public void setRegistries(@CheckForNull List<MirroredRegistry> registries) {
        this.registries = registries == null ? new ArrayList<>() : new ArrayList<>(registries);
        save();
    }

    public boolean isReadAgentRegistriesConf() {
        return readAgentRegistriesConf;
    }

    @DataBoundSetter
    public void setReadAgentRegistriesConf(boolean readAgentRegistriesConf) {
        this.readAgentRegistriesConf = readAgentRegistriesConf;
        save();
    }

    @NonNull
    public String getAgentRegistriesConfPath() {
        return agentRegistriesConfPath == null ? DEFAULT_AGENT_FILE : agentRegistriesConfPath;
    }

    @DataBoundSetter
    public void setAgentRegistriesConfPath(@CheckForNull String agentRegistriesConfPath) {
        String value = Util.fixEmptyAndTrim(agentRegistriesConfPath);
        this.agentRegistriesConfPath = DEFAULT_AGENT_FILE.equals(value) ? null : value;
        save();
    }

    /** The configured rules, checked as containers/image checks a registries.conf; fails naming the rule. */
    @NonNull
    RegistriesConf rules(@NonNull Map<String, String> caPems) throws AbortException {
        try {
            List<RegistryRule> rules = new ArrayList<>();
            for (MirroredRegistry r : registries) {
                rules.add(r.toRule(caPems));
            }
            return RegistriesConf.of(rules, List.of(), "registryMirrors");
        } catch (InvalidInputException e) {
            throw new AbortException(Messages.RegistryMirrors_Invalid(e.getMessage()));
        }
    }

    /**
     * What a pull of {@code reference} takes to the agent: the rules, and for the mirrors of the rule that applies, their
     * credentials and CA certificates, resolved here on the controller (so they are checked before any network call).
     * Null when nothing is configured.
     */
    @CheckForNull
    public AgentMirrors forPull(@NonNull RegistryCredentialsResolver resolver, @NonNull ImageReference reference)
            throws AbortException {
        if (registries.isEmpty() && !readAgentRegistriesConf) {
            return null;
        }
        RegistriesConf conf = rules(Map.of());
        RegistryRule rule = conf.find(reference.toString());
        HashMap<String, RegistryLogin> logins = new HashMap<>();
        HashMap<String, String> caPems = new HashMap<>();
        MirroredRegistry configured = rule == null ? null : configuredFor(rule);
        if (configured != null && !rule.blocked()) {
            for (RegistryMirror m : configured.getMirrors()) {
                ImageReference at = mirrorReference(m.getLocation());
                String credentialsId = m.getCredentialsId();
                if (credentialsId != null) {
                    logins.put(m.getLocation(), resolver.resolveLogin(credentialsId, at, m.isInsecure()));
                }
                String caCertificateId = m.getCaCertificateId();
                if (caCertificateId != null) {
                    caPems.put(m.getLocation(), resolver.resolveCaCertificate(caCertificateId, at, m.isInsecure()));
                }
            }
        }
        return new AgentMirrors(new ArrayList<>(registries), readAgentRegistriesConf, getAgentRegistriesConfPath(),
                logins, caPems);
    }

    /**
     * The {@code withRegistryAuth} hook: for every registry the block serves, the mirrors configured here for it that
     * have credentials of their own are served too, each with its own (never the registry's), so podman, skopeo and
     * buildah reading a registries.conf with the same mirrors can log in to them. A host already in {@code logins}
     * keeps what the block gave it.
     */
    public void addMirrorLogins(@NonNull RegistryCredentialsResolver resolver, @NonNull Map<String, RegistryLogin> logins)
            throws AbortException {
        List<String> served = new ArrayList<>(logins.keySet());
        for (MirroredRegistry r : registries) {
            if (!served.contains(host(r.getLocation())) && !served.contains(host(Util.fixNull(r.getPrefix())))) {
                continue;
            }
            for (RegistryMirror m : r.getMirrors()) {
                String host = host(m.getLocation());
                String credentialsId = m.getCredentialsId();
                if (credentialsId != null && host != null && !logins.containsKey(host)) {
                    logins.put(host, resolver.resolveRegistryLogin(credentialsId, host));
                }
            }
        }
    }

    /** {@code host[:port]} of a location, normalised as withRegistryAuth names registries; null when it has none. */
    @CheckForNull
    private static String host(@NonNull String location) {
        String h = location.contains("/") ? location.substring(0, location.indexOf('/')) : location;
        if (h.isEmpty() || h.startsWith("*.")) {
            return null;
        }
        try {
            return RegistryNames.parseConfigured(h, "location");
        } catch (InvalidInputException e) {
            return null;
        }
    }

    @CheckForNull
    private MirroredRegistry configuredFor(@NonNull RegistryRule rule) throws AbortException {
        for (MirroredRegistry r : registries) {
            RegistriesConf single;
            try {
                single = RegistriesConf.of(List.of(r.toRule(Map.of())), List.of(), "registryMirrors");
            } catch (InvalidInputException e) {
                throw new AbortException(Messages.RegistryMirrors_Invalid(e.getMessage()));
            }
            if (single.registries().get(0).prefix().equals(rule.prefix())) {
                return r; // the first with this prefix, as RegistriesConf keeps it
            }
        }
        return null;
    }

    private static ImageReference mirrorReference(@NonNull String location) throws AbortException {
        try {
            return ImageReference.parse(location + "/registry-mirror", "location");
        } catch (InvalidInputException e) {
            throw new AbortException(Messages.RegistryMirrors_Invalid(e.getMessage()));
        }
    }

    @POST
    public FormValidation doCheckAgentRegistriesConfPath(@QueryParameter String value) {
        String path = Util.fixEmptyAndTrim(value);
        if (path != null && !path.startsWith("/") && !path.matches("^[A-Za-z]:[\\\\/].*")) {
            return FormValidation.error(Messages.RegistryMirrors_AgentPathAbsolute());
        }
        return FormValidation.ok();
    }
}
