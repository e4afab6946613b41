// Stand-in for hudson.model.Run from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members and supertypes).
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.ExtensionPoint;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;
import org.springframework.security.access.AccessDeniedException;

/**
 * A particular execution of {@link Job}. Stand-in: a run is "in progress" ({@link #isBuilding()},
 * {@link #isLogUpdated()}) until a subclass says otherwise; nothing is persisted.
 */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable
        implements ExtensionPoint, Comparable<RunT>, AccessControlled {
    @NonNull
    protected final transient JobT project;

    /** Build number. */
    public transient int number;

    /** The build result. */
    protected volatile Result result;

    /** When the build is scheduled. */
    protected long timestamp;

    protected Run(@NonNull JobT job) throws IOException {
        this(job, System.currentTimeMillis());
        this.number = project.assignBuildNumber();
    }

    protected Run(@NonNull JobT job, long timestamp) {
        this.project = job;
        this.timestamp = timestamp;
    }

    @NonNull
    public JobT getParent() {
        return project;
    }

    public int getNumber() {
        return number;
    }

    @NonNull
    public String getId() {
        return Integer.toString(number);
    }

    public final long getTimeInMillis() {
        return timestamp;
    }

    @Override
    public String getDisplayName() {
        return "#" + number;
    }

    public String getFullDisplayName() {
        return project.getFullDisplayName() + ' ' + getDisplayName();
    }

    /** Returns the build result; null while the build is in progress. */
    @CheckForNull
    public Result getResult() {
        return result;
    }

    /** Sets the result; a result can only get worse. */
    public void setResult(@NonNull Result r) {
        if (result == null || r.isWorseThan(result)) {
            result = r;
        }
    }

    /** Returns true if the build is not completed yet. */
    public boolean isBuilding() {
        return true;
    }

    /** Returns true if the log file is still being updated. */
    public boolean isLogUpdated() {
        return true;
    }

    /** Root directory of this {@link Run} on the controller. */
    @NonNull
    public File getRootDir() {
        return new File(project.getBuildDir(), getId());
    }

    /** Gets the charset in which the log file is written. */
    @NonNull
    public final Charset getCharset() {
        return StandardCharsets.UTF_8;
    }

    /** Returns an externalizable ID such as {@code folder/job#123}. */
    @NonNull
    public String getExternalizableId() {
        return project.getFullName() + '#' + getNumber();
    }

    /** Tries to find a run from an ID as returned by {@link #getExternalizableId}. */
    @CheckForNull
    public static Run<?, ?> fromExternalizableId(String id) throws IllegalArgumentException, AccessDeniedException {
        int hash = id.lastIndexOf('#');
        if (hash <= 0) {
            throw new IllegalArgumentException("Invalid id");
        }
        String jobName = id.substring(0, hash);
        int number;
        try {
            number = Integer.parseInt(id.substring(hash + 1));
        } catch (NumberFormatException x) {
            throw new IllegalArgumentException(x);
        }
        Jenkins j = Jenkins.getInstanceOrNull();
        if (j == null) {
            return null;
        }
        Job<?, ?> job = j.getItemByFullName(jobName, Job.class);
        return job == null ? null : job.getBuildByNumber(number);
    }

    /**
     * Returns the map that contains environmental variables to be used for launching processes for this build.
     * Stand-in: BUILD_NUMBER, BUILD_ID, BUILD_DISPLAY_NAME, BUILD_TAG, JOB_NAME and JOB_BASE_NAME only.
     */
    @NonNull
    public EnvVars getEnvironment(@NonNull TaskListener listener) throws IOException, InterruptedException {
        EnvVars env = new EnvVars();
        env.put("BUILD_NUMBER", String.valueOf(number));
        env.put("BUILD_ID", getId());
        env.put("BUILD_DISPLAY_NAME", getDisplayName());
        env.put("JOB_NAME", project.getFullName());
        env.put("JOB_BASE_NAME", project.getName());
        env.put("BUILD_TAG", "jenkins-" + project.getFullName().replace('/', '-') + '-' + number);
        return env;
    }

    /** Adds an action; a {@link RunAction2} is told it was attached. */
    @Override
    public void addAction(@NonNull Action a) {
        super.addAction(a);
        if (a instanceof RunAction2) {
            ((RunAction2) a).onAttached(this);
        }
    }

    @NonNull
    @Override
    public ACL getACL() {
        return getParent().getACL();
    }

    @Override
    public int compareTo(@NonNull RunT that) {
        return Long.compare(this.number, that.number);
    }

    @Override
    public String toString() {
        return project.getFullName() + " #" + number;
    }

    /** Used in BuildWrapper.decorateLauncher etc. to abort the build without printing a stack trace. */
    public static final class RunnerAbortedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
