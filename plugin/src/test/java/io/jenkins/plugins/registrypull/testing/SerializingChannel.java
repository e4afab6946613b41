package io.jenkins.plugins.registrypull.testing;

import io.jenkins.plugins.registrypull.PulledImage;
import io.jenkins.plugins.registrypull.testing.shared.Consoles;
import io.jenkins.registrypull.standin.StandInAgent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;

/**
 * An agent channel for tests: the stand-in agent (StandInAgent) with this plugin's classes as the plugin, so every
 * callable crosses as Remoting carries it: serialized, run on an agent class loader after the required role check,
 * and its result (or exception) read back through Jenkins' JEP-200 class filter. The consoles of
 * {@link CapturingListener} stay shared ({@link Consoles}), as a remoted TaskListener writes to the controller's log.
 */
public final class SerializingChannel extends StandInAgent {
    public SerializingChannel() throws IOException {
        super(List.of(PulledImage.class), Consoles.class.getPackageName() + ".");
    }

    public static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    public static Object deserialize(byte[] bytes) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }
}
