package io.jenkins.plugins.registrypull.testing;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrypull.testing.shared.Consoles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A build console for tests that survives Java serialization the way a Remoting {@code TaskListener} does: the copy
 * on the "agent" side writes to the same console as the original (here through {@link Consoles}, keyed by id).
 */
public final class CapturingListener implements TaskListener {
    private static final long serialVersionUID = 1L;

    private final String id = UUID.randomUUID().toString();
    private transient PrintStream logger;

    public CapturingListener() {
        Consoles.open(id);
    }

    @NonNull
    @Override
    public synchronized PrintStream getLogger() {
        if (logger == null) {
            logger = new PrintStream(Consoles.open(id), true, StandardCharsets.UTF_8);
        }
        return logger;
    }

    /** Everything written so far, from either side. */
    public String text() {
        ByteArrayOutputStream out = Consoles.open(id);
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
