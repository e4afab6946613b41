// Stand-in for jenkins.model.GlobalConfiguration from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package jenkins.model;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;

/**
 * Convenient base class for extensions that contribute to the system configuration page but nothing else. Stand-in:
 * the configuration page, its category and the form binding are left out; the stand-in {@link Descriptor} persists
 * nothing.
 */
public abstract class GlobalConfiguration extends Descriptor<GlobalConfiguration>
        implements ExtensionPoint, Describable<GlobalConfiguration> {
    protected GlobalConfiguration() {
        super(self());
    }

    @Override
    public final Descriptor<GlobalConfiguration> getDescriptor() {
        return this;
    }
}
