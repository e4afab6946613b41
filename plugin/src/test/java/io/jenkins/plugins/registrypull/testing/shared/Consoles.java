package io.jenkins.plugins.registrypull.testing.shared;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The build consoles of a test, shared by the controller and the stand-in agent's class loader (its package is
 * loaded once for both): what a remoted TaskListener's output stream is in Jenkins, a pipe back to the controller.
 */
public final class Consoles {
    private static final Map<String, ByteArrayOutputStream> CONSOLES = new ConcurrentHashMap<>();

    private Consoles() {
    }

    public static ByteArrayOutputStream open(String id) {
        return CONSOLES.computeIfAbsent(id, k -> new ByteArrayOutputStream());
    }
}
