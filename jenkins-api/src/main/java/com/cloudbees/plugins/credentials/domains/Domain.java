// Stand-in for com.cloudbees.plugins.credentials.domains.Domain from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe (subset of members).
package com.cloudbees.plugins.credentials.domains;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.kohsuke.stapler.DataBoundConstructor;

/** A domain, within which credentials are common: a credential is offered only where its domain's specifications match. */
public class Domain implements Serializable {
    private static final long serialVersionUID = 1L;

    @CheckForNull
    private final String name;

    @CheckForNull
    private final String description;

    @NonNull
    private final List<DomainSpecification> specifications;

    @DataBoundConstructor
    public Domain(String name, String description, List<DomainSpecification> specifications) {
        this.name = Util.fixEmptyAndTrim(name);
        this.description = Util.fixEmptyAndTrim(description);
        this.specifications = specifications == null ? new ArrayList<>() : new ArrayList<>(specifications);
    }

    /** Returns the global domain, which matches every requirement. */
    @NonNull
    public static Domain global() {
        return ResourceHolder.GLOBAL;
    }

    @CheckForNull
    public String getDescription() {
        return description;
    }

    @NonNull
    public List<DomainSpecification> getSpecifications() {
        return Collections.unmodifiableList(specifications);
    }

    @CheckForNull
    public String getName() {
        return name;
    }

    public boolean isGlobal() {
        return equals(global());
    }

    /** Returns true if and only if the supplied requirements are a match for this domain. */
    public boolean test(DomainRequirement... requirements) {
        return test(Arrays.asList(requirements));
    }

    /** Returns true if and only if the supplied requirements are a match for this domain. */
    public boolean test(@NonNull List<DomainRequirement> requirements) {
        for (DomainRequirement scope : requirements) {
            if (scope == null) {
                continue;
            }
            for (DomainSpecification matcher : specifications) {
                DomainSpecification.Result result = matcher.test(scope);
                if (result.isDefinitive()) {
                    if (result.isMatch()) {
                        break;
                    } else {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return name != null ? name.hashCode() : 0;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        return Objects.equals(name, ((Domain) o).name);
    }

    private static final class ResourceHolder {
        private static final Domain GLOBAL = new Domain(null, null, Collections.emptyList());
    }
}
