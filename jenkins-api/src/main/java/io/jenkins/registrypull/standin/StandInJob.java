package io.jenkins.registrypull.standin;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Job;
import hudson.model.Queue;
import hudson.model.TopLevelItem;
import java.io.IOException;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/** A top-level job of the test's Jenkins (what a FreeStyleProject or WorkflowJob is in a JenkinsRule test). */
public final class StandInJob extends Job<StandInJob, StandInRun> implements TopLevelItem, Queue.Task {
    private final SortedMap<Integer, StandInRun> runs = new TreeMap<>();
    private volatile Authentication authentication;

    private StandInJob(Jenkins parent, String name) {
        super(parent, name);
    }

    /** Creates the job in the running stand-in Jenkins (start one first). */
    @NonNull
    public static StandInJob create(@NonNull String name) throws IOException, InterruptedException {
        Jenkins j = Jenkins.get();
        StandInJob job = new StandInJob(j, name);
        j.putItem(job);
        return job;
    }

    /**
     * Runs the job's builds as {@code auth} (what the Authorize Project plugin's "run as specific user" does;
     * without it, builds run as SYSTEM).
     */
    public StandInJob runAs(@NonNull Authentication auth) {
        this.authentication = auth;
        return this;
    }

    /** The "run as" authentication, or null when none is configured (builds then run as SYSTEM). */
    @CheckForNull
    Authentication authentication() {
        return authentication;
    }

    /** Starts a new build of this job. */
    @NonNull
    public synchronized StandInRun newRun() throws IOException {
        StandInRun r = new StandInRun(this);
        runs.put(r.getNumber(), r);
        return r;
    }

    @Override
    protected synchronized SortedMap<Integer, ? extends StandInRun> _getRuns() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(runs));
    }
}
