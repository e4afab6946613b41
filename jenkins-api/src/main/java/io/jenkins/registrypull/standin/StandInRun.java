package io.jenkins.registrypull.standin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Result;
import hudson.model.Run;
import java.io.IOException;

/** A build of a {@link StandInJob}; in progress until {@link #finish(Result)}. */
public final class StandInRun extends Run<StandInJob, StandInRun> {
    private volatile boolean completed;

    StandInRun(StandInJob job) throws IOException {
        super(job);
    }

    /** Completes the build with the given result (combined with any worse result set earlier). */
    public void finish(@NonNull Result r) {
        setResult(r);
        completed = true;
    }

    @Override
    public boolean isBuilding() {
        return !completed;
    }

    @Override
    public boolean isLogUpdated() {
        return !completed;
    }
}
