package io.jenkins.registrypull.standin;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Result;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.ACLContext;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A build of a {@link StandInJob}; in progress until {@link #finish(Result)}. */
public final class StandInRun extends Run<StandInJob, StandInRun> {
    private volatile boolean completed;
    private final Map<String, StandIn.CredentialsParameter> credentialsParameters = new ConcurrentHashMap<>();
    private volatile String triggeredBy;

    StandInRun(StandInJob job) throws IOException {
        super(job);
    }

    /** Completes the build with the given result (combined with any worse result set earlier). */
    public void finish(@NonNull Result r) {
        setResult(r);
        completed = true;
    }

    /**
     * Binds a credentials parameter, as a {@code CredentialsParameterValue} in the run's {@code ParametersAction}
     * does: {@code isDefaultValue} when nobody chose a value; {@code userId} is who chose it (null: the trigger).
     */
    public StandInRun withCredentialsParameter(@NonNull String name, @NonNull String credentialsId, boolean isDefaultValue,
            @CheckForNull String userId) {
        credentialsParameters.put(name, new StandIn.CredentialsParameter(credentialsId, isDefaultValue, userId));
        return this;
    }

    /** Marks the run as started by a user ({@code Cause.UserIdCause}). */
    public StandInRun triggeredBy(@NonNull String userId) {
        this.triggeredBy = userId;
        return this;
    }

    /**
     * Runs as the build's executor does: under {@code ACL.as2(Tasks.getAuthenticationOf2(job))}, so
     * {@code Jenkins.getAuthentication2()} is the job's authentication. Close it when the build step ends.
     */
    @NonNull
    public ACLContext asExecutor() {
        return ACL.as2(StandIn.authenticationOf(getParent()));
    }

    StandIn.CredentialsParameter credentialsParameter(String name) {
        return credentialsParameters.get(name);
    }

    String triggeredBy() {
        return triggeredBy;
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
