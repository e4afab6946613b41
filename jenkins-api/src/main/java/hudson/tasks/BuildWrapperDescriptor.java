// Stand-in for hudson.tasks.BuildWrapperDescriptor from org.jenkins-ci.main:jenkins-core:2.541.3.
package hudson.tasks;

import hudson.model.AbstractProject;
import hudson.model.Descriptor;

/** {@link Descriptor} for {@link BuildWrapper}. */
public abstract class BuildWrapperDescriptor extends Descriptor<BuildWrapper> {
    protected BuildWrapperDescriptor(Class<? extends BuildWrapper> clazz) {
        super(clazz);
    }

    /** Infers the type of the corresponding {@link BuildWrapper} from the outer class. */
    protected BuildWrapperDescriptor() {
    }

    /** Returns true if this task is applicable to the given project. */
    public abstract boolean isApplicable(AbstractProject<?, ?> item);
}
