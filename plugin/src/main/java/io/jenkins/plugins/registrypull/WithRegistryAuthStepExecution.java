package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrypull.agent.CredentialHelperHandle;
import io.jenkins.plugins.registrypull.credentials.RegistryLogin;
import java.io.IOException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.MissingContextVariableException;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs a {@code withRegistryAuth} block, the way credentials-binding's {@code withCredentials} does: off the CPS thread,
 * resolve the credentials and start the agent's credential server; run the body with the server's environment merged
 * into the enclosing one; when the body ends, whatever the outcome (success, failure, abort), a
 * {@link GeneralNonBlockingStepExecution.TailCall} stops the server, which wipes the credentials and removes its
 * directory, then completes the step with the body's outcome.
 *
 * <p>Serial form: the execution keeps only the {@link CredentialHelperHandle} (paths, registries and the stop token,
 * no registry secret), so the tail call can stop the server after a controller restart too. A controller restart
 * closes the agent channel, and the agent's server stops itself when that happens: the rest of the block then runs
 * without registry credentials, and the helper says why ({@code onResume} prints it on the console); the step does
 * not fail for that alone. Serving again after a restart is not attempted.
 */
public final class WithRegistryAuthStepExecution extends GeneralNonBlockingStepExecution {
    private static final Logger LOGGER = Logger.getLogger(WithRegistryAuthStepExecution.class.getName());
    private static final long serialVersionUID = 1L;

    private final transient WithRegistryAuthStep step;
    @CheckForNull
    private CredentialHelperHandle handle;

    WithRegistryAuthStepExecution(@NonNull WithRegistryAuthStep step, @NonNull StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    public boolean start() throws Exception {
        run(this::doStart);
        return false;
    }

    private void doStart() throws Exception {
        StepContext context = getContext();
        Run<?, ?> run = required(context, Run.class);
        FilePath workspace = required(context, FilePath.class);
        TaskListener listener = required(context, TaskListener.class);
        WindowsAgents.refuseRegistryAuth(context.get(Launcher.class), workspace, "withRegistryAuth");
        Map<String, RegistryLogin> logins = RegistryAuthSession.resolve(run, step.entries(), "registries");
        handle = RegistryAuthSession.start(workspace, logins, listener, context.get(EnvVars.class));
        try {
            context.newBodyInvoker()
                    .withContext(EnvironmentExpander.merge(context.get(EnvironmentExpander.class),
                            EnvironmentExpander.constant(RegistryAuthSession.environment(handle))))
                    .withCallback(new Cleanup())
                    .start();
        } catch (RuntimeException e) {
            RegistryAuthSession.stop(workspace, handle, listener);
            throw e;
        }
    }

    @CheckForNull
    CredentialHelperHandle getHandle() {
        return handle;
    }

    @Override
    public void onResume() {
        super.onResume();
        CredentialHelperHandle resumed = handle;
        if (resumed == null) {
            return;
        }
        try {
            TaskListener listener = getContext().get(TaskListener.class);
            if (listener != null) {
                listener.getLogger().println(Messages.WithRegistryAuth_Resumed(String.join(", ", resumed.getRegistries())));
            }
        } catch (IOException e) {
            // the line is only informative; the block goes on serving either way
            LOGGER.log(Level.FINE, "could not tell the console that withRegistryAuth resumed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String getStatus() {
        return handle == null ? super.getStatus() : "serving registry credentials for " + handle.getRegistries()
                + " on the agent; " + super.getStatus();
    }

    private static <T> T required(StepContext context, Class<T> type) throws Exception {
        T value = context.get(type);
        if (value == null) {
            throw new MissingContextVariableException(type);
        }
        return value;
    }

    /** Stops the agent's server when the body ends, whatever its outcome. */
    private final class Cleanup extends TailCall {
        private static final long serialVersionUID = 1L;

        @Override
        protected void finished(StepContext context) throws Exception {
            CredentialHelperHandle h = handle;
            if (h == null) {
                return;
            }
            FilePath workspace = context.get(FilePath.class);
            TaskListener listener = context.get(TaskListener.class);
            if (workspace != null && listener != null) {
                RegistryAuthSession.stop(workspace, h, listener);
            }
        }
    }
}
