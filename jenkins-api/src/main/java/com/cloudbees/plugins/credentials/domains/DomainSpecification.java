// Stand-in for com.cloudbees.plugins.credentials.domains.DomainSpecification from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials.domains;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.model.AbstractDescribableImpl;
import java.io.Serializable;

/** A specification of what a {@link Domain} accepts, tested against each {@link DomainRequirement}. */
@SuppressWarnings("deprecation") // AbstractDescribableImpl, as the real class
public abstract class DomainSpecification extends AbstractDescribableImpl<DomainSpecification>
        implements ExtensionPoint, Serializable {

    @NonNull
    public abstract Result test(@NonNull DomainRequirement scope);

    /** The result of a {@link DomainSpecification#test(DomainRequirement)}. */
    public enum Result {
        UNKNOWN(false, false),
        NEGATIVE(true, false),
        PARTIAL(false, true),
        POSITIVE(true, true);

        private final boolean definitive;
        private final boolean match;

        Result(boolean definitive, boolean matches) {
            this.definitive = definitive;
            this.match = matches;
        }

        public boolean isDefinitive() {
            return definitive;
        }

        public boolean isMatch() {
            return match;
        }
    }
}
