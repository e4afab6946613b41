package io.jenkins.registrypull.standin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.FilePath;
import hudson.model.AbstractProject;
import hudson.model.TopLevelItem;
import java.io.IOException;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import jenkins.model.Jenkins;

/** A freestyle project of the test's Jenkins (what a FreeStyleProject is in a JenkinsRule test). */
public final class StandInProject extends AbstractProject<StandInProject, StandInBuild> implements TopLevelItem {
    private final SortedMap<Integer, StandInBuild> builds = new TreeMap<>();

    private StandInProject(Jenkins parent, String name) {
        super(parent, name);
    }

    /** Creates the project in the running stand-in Jenkins (start one first). */
    @NonNull
    public static StandInProject create(@NonNull String name) throws IOException, InterruptedException {
        Jenkins j = Jenkins.get();
        StandInProject p = new StandInProject(j, name);
        j.putItem(p);
        return p;
    }

    /** Starts a new build in {@code workspace} (on the agent of its channel). */
    @NonNull
    public synchronized StandInBuild newBuild(@NonNull FilePath workspace) throws IOException {
        StandInBuild b = new StandInBuild(this, workspace);
        builds.put(b.getNumber(), b);
        return b;
    }

    @Override
    protected synchronized SortedMap<Integer, ? extends StandInBuild> _getRuns() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(builds));
    }
}
