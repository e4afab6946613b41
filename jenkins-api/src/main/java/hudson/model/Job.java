// Stand-in for hudson.model.Job from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package hudson.model;

import hudson.ExtensionPoint;
import java.io.File;
import java.io.IOException;
import java.util.SortedMap;

/** A job is an runnable entity under the monitoring of Hudson. */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends AbstractItem implements ExtensionPoint {
    /** Next build number. */
    protected transient volatile int nextBuildNumber = 1;

    @SuppressWarnings("rawtypes")
    protected Job(ItemGroup parent, String name) {
        super(parent, name);
    }

    /** Allocates a new buildCommand number. */
    public synchronized int assignBuildNumber() throws IOException {
        return nextBuildNumber++;
    }

    public int getNextBuildNumber() {
        return nextBuildNumber;
    }

    /** Gets the read-only view of all the builds, keyed by number (newest first in Jenkins). */
    protected abstract SortedMap<Integer, ? extends RunT> _getRuns();

    public RunT getBuildByNumber(int n) {
        return _getRuns().get(n);
    }

    public RunT getLastBuild() {
        SortedMap<Integer, ? extends RunT> runs = _getRuns();
        return runs.isEmpty() ? null : runs.get(runs.lastKey());
    }

    /** Directory for storing {@link Run} records. */
    public File getBuildDir() {
        return new File(getRootDir(), "builds");
    }
}
