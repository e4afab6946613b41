// Stand-in for hudson.console.ConsoleLogFilter from org.jenkins-ci.main:jenkins-core:2.541.3.
package hudson.console;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.Util;
import hudson.model.AbstractBuild;
import hudson.model.Computer;
import hudson.model.Run;
import java.io.IOException;
import java.io.OutputStream;

/** A hook to allow filtering of information that is written to the console log. */
public abstract class ConsoleLogFilter implements ExtensionPoint {
    /** Called on the start of each build, giving extensions a chance to intercept the data that is written to the log. */
    @Deprecated
    @SuppressWarnings("rawtypes")
    public OutputStream decorateLogger(AbstractBuild build, OutputStream logger) throws IOException, InterruptedException {
        if (Util.isOverridden(ConsoleLogFilter.class, getClass(), "decorateLogger", Run.class, OutputStream.class)) {
            return decorateLogger((Run) build, logger);
        }
        throw new AbstractMethodError("Plugin class '" + getClass().getName() + "' does not override either overload of the decorateLogger method.");
    }

    /** Called on the start of each build (including Pipeline builds). */
    @SuppressWarnings("rawtypes")
    public OutputStream decorateLogger(Run build, OutputStream logger) throws IOException, InterruptedException {
        if (build instanceof AbstractBuild || (build == null
                && Util.isOverridden(ConsoleLogFilter.class, getClass(), "decorateLogger", AbstractBuild.class, OutputStream.class))) {
            return decorateLogger((AbstractBuild) build, logger);
        }
        return logger;
    }

    /** Called to decorate logger for master/agent communication. */
    public OutputStream decorateLogger(@NonNull Computer computer, OutputStream logger) throws IOException, InterruptedException {
        return logger;
    }

    /** All the registered {@link ConsoleLogFilter}s. */
    public static ExtensionList<ConsoleLogFilter> all() {
        return ExtensionList.lookup(ConsoleLogFilter.class);
    }
}
