// Stand-in for com.cloudbees.plugins.credentials.domains.HostnameSpecification from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe (without its DescriptorImpl).
package com.cloudbees.plugins.credentials.domains;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import java.util.Locale;
import java.util.regex.Pattern;
import org.kohsuke.stapler.DataBoundConstructor;

/** A {@link DomainSpecification} of the host names (comma-separated wildcards) a domain includes and excludes. */
public class HostnameSpecification extends DomainSpecification {
    private static final long serialVersionUID = 1L;

    @CheckForNull
    private final String includes;

    @CheckForNull
    private final String excludes;

    @DataBoundConstructor
    public HostnameSpecification(@CheckForNull String includes, @CheckForNull String excludes) {
        this.includes = includes;
        this.excludes = excludes;
    }

    @CheckForNull
    public String getIncludes() {
        return includes;
    }

    @CheckForNull
    public String getExcludes() {
        return excludes;
    }

    @NonNull
    @Override
    public Result test(@NonNull DomainRequirement requirement) {
        if (requirement instanceof HostnameRequirement) {
            String hostname = ((HostnameRequirement) requirement).getHostname();
            if (includes != null && !anyMatches(includes, hostname)) {
                return Result.NEGATIVE;
            }
            if (excludes != null && anyMatches(excludes, hostname)) {
                return Result.NEGATIVE;
            }
            return Result.PARTIAL;
        }
        return Result.UNKNOWN;
    }

    /** As the real class: each entry of {@code list} is a case-insensitive wildcard (FilenameUtils.wildcardMatch). */
    private static boolean anyMatches(String list, String hostname) {
        for (String entry : list.split("[,\\n ]")) {
            entry = Util.fixEmptyAndTrim(entry);
            if (entry != null && hostname != null && wildcard(entry).matcher(hostname.toLowerCase(Locale.ROOT)).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern wildcard(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }
}
