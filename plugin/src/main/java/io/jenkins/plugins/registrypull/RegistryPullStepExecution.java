package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.MissingContextVariableException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * Runs one {@code registryPull} off the CPS thread: validation and credentials on the controller, the pull on the
 * agent of the workspace. Holds nothing but the (transient) step: a pull in flight does not survive a controller
 * restart, and {@link SynchronousNonBlockingStepExecution#onResume()} fails it, which is the honest outcome.
 */
public final class RegistryPullStepExecution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    /** How the build page names pulls made by the step. */
    static final String VIA = "registryPull step";

    private final transient RegistryPullStep step;

    RegistryPullStepExecution(@NonNull RegistryPullStep step, @NonNull StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    protected Map<String, Object> run() throws Exception {
        StepContext context = getContext();
        Run<?, ?> run = required(context, Run.class);
        FilePath workspace = required(context, FilePath.class);
        TaskListener listener = required(context, TaskListener.class);
        EnvVars environment = required(context, EnvVars.class);
        PullCoordinator coordinator = new PullCoordinator(run, workspace, listener, environment,
                context.get(Launcher.class));
        PullCoordinator.Prepared prepared = coordinator.prepare(step.getPull());
        return coordinator.pull(prepared, VIA).toStepResult();
    }

    private static <T> T required(StepContext context, Class<T> type) throws Exception {
        T value = context.get(type);
        if (value == null) {
            throw new MissingContextVariableException(type);
        }
        return value;
    }

    @Override
    public String getStatus() {
        return step == null ? super.getStatus() : "pulling " + step.getImage() + "; " + super.getStatus();
    }
}
