package io.jenkins.plugins.registrypull.testing;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.TaskListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A build console for tests that survives Java serialization the way a Remoting {@code TaskListener} does: the copy
 * on the "agent" side writes to the same console as the original (here through a JVM-wide registry keyed by id).
 */
public final class CapturingListener implements TaskListener {
    private static final long serialVersionUID = 1L;
    private static final Map<String, ByteArrayOutputStream> CONSOLES = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private transient PrintStream logger;

    public CapturingListener() {
        CONSOLES.put(id, new ByteArrayOutputStream());
    }

    @NonNull
    @Override
    public synchronized PrintStream getLogger() {
        if (logger == null) {
            logger = new PrintStream(CONSOLES.get(id), true, StandardCharsets.UTF_8);
        }
        return logger;
    }

    /** Everything written so far, from either side. */
    public String text() {
        ByteArrayOutputStream out = CONSOLES.get(id);
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
