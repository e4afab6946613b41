// Stand-in for org.jenkinsci.plugins.workflow.steps.Step from org.jenkins-ci.plugins.workflow:workflow-step-api:710.v3e456cc85233.
package org.jenkinsci.plugins.workflow.steps;

import hudson.ExtensionPoint;
import hudson.model.AbstractDescribableImpl;

/** One thing that can be done, perhaps asynchronously: a Pipeline step. */
public abstract class Step extends AbstractDescribableImpl<Step> implements ExtensionPoint {
    /** Start execution of something and report the end result back to the given callback. */
    public abstract StepExecution start(StepContext context) throws Exception;

    @Override
    public StepDescriptor getDescriptor() {
        return (StepDescriptor) super.getDescriptor();
    }
}
