package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.mirror.MirrorRule;
import io.jenkins.registrypull.mirror.PullFromMirror;
import io.jenkins.registrypull.mirror.RegistriesConf;
import io.jenkins.registrypull.mirror.RegistryRule;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One {@code [[registry]]} of containers-registries.conf(5) v2 in the Jenkins global configuration: which images it
 * applies to ({@code prefix}), where the registry really is ({@code location}), whether it is blocked, and its mirrors
 * in the order they are tried.
 */
public final class MirroredRegistry extends AbstractDescribableImpl<MirroredRegistry> implements Serializable {
    private static final long serialVersionUID = 1L;

    @NonNull
    private final String location;
    @CheckForNull
    private String prefix;
    private boolean insecure;
    private boolean blocked;
    private boolean mirrorByDigestOnly;
    @NonNull
    private ArrayList<RegistryMirror> mirrors = new ArrayList<>();

    /** @param location {@code host[:port][/path]} of the registry; empty only with a {@code *.example.com} prefix */
    @DataBoundConstructor
    public MirroredRegistry(@CheckForNull String location) {
        this.location = Util.fixNull(location).trim();
    }

    @NonNull
    public String getLocation() {
        return location;
    }

    @CheckForNull
    public String getPrefix() {
        return prefix;
    }

    /** Which image names the rule applies to; empty means the location. {@code *.example.com} for subdomains. */
    @DataBoundSetter
    public void setPrefix(@CheckForNull String prefix) {
        this.prefix = Util.fixEmptyAndTrim(prefix);
    }

    public boolean isInsecure() {
        return insecure;
    }

    @DataBoundSetter
    public void setInsecure(boolean insecure) {
        this.insecure = insecure;
    }

    public boolean isBlocked() {
        return blocked;
    }

    @DataBoundSetter
    public void setBlocked(boolean blocked) {
        this.blocked = blocked;
    }

    public boolean isMirrorByDigestOnly() {
        return mirrorByDigestOnly;
    }

    @DataBoundSetter
    public void setMirrorByDigestOnly(boolean mirrorByDigestOnly) {
        this.mirrorByDigestOnly = mirrorByDigestOnly;
    }

    @NonNull
    public List<RegistryMirror> getMirrors() {
        return Collections.unmodifiableList(mirrors);
    }

    @DataBoundSetter
    public void setMirrors(@CheckForNull List<RegistryMirror> mirrors) {
        this.mirrors = mirrors == null ? new ArrayList<>() : new ArrayList<>(mirrors);
    }

    /** The engine's rule, with each mirror's CA (PEM, resolved on the controller) from {@code caPems} by location. */
    @NonNull
    public RegistryRule toRule(@NonNull Map<String, String> caPems) throws InvalidInputException {
        List<MirrorRule> rules = new ArrayList<>();
        int n = 0;
        for (RegistryMirror m : mirrors) {
            n++;
            rules.add(new MirrorRule(m.getLocation(), m.isInsecure(), PullFromMirror.parse(m.getPullFromMirror(),
                    "registryMirrors: registry '" + (prefix != null ? prefix : location) + "' mirror #" + n
                            + " pullFromMirror"), caPems.get(m.getLocation())));
        }
        return new RegistryRule(prefix == null ? "" : prefix, location, insecure, blocked, mirrorByDigestOnly, rules);
    }

    /** Checks a location as registries.conf does (no scheme; a host first). */
    @NonNull
    static FormValidation checkLocation(@CheckForNull String value, boolean emptyAllowed) {
        String location = Util.fixEmptyAndTrim(value);
        if (location == null) {
            return emptyAllowed ? FormValidation.ok() : FormValidation.error(Messages.RegistryMirror_LocationRequired());
        }
        try {
            RegistriesConf.of(List.of(new RegistryRule("", location, false, false, false, List.of())), List.of(),
                    "location");
            return FormValidation.ok();
        } catch (InvalidInputException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "MirroredRegistry[" + (prefix != null ? prefix + " -> " : "") + location + (blocked ? ", blocked" : "")
                + ", mirrors " + mirrors + "]";
    }

    @Extension
    @Symbol("mirroredRegistry")
    public static final class DescriptorImpl extends Descriptor<MirroredRegistry> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.MirroredRegistry_DisplayName();
        }

        @POST
        public FormValidation doCheckLocation(@QueryParameter String value, @QueryParameter String prefix) {
            String p = Util.fixEmptyAndTrim(prefix);
            return checkLocation(value, p != null && p.startsWith("*."));
        }

        @POST
        public FormValidation doCheckPrefix(@QueryParameter String value, @QueryParameter String location) {
            String p = Util.fixEmptyAndTrim(value);
            if (p == null) {
                return FormValidation.ok();
            }
            String l = Util.fixEmptyAndTrim(location);
            try {
                RegistriesConf.of(List.of(new RegistryRule(p, l == null ? "" : l, false, false, false, List.of())),
                        List.of(), "prefix");
                return FormValidation.ok();
            } catch (InvalidInputException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }
}
