package io.jenkins.plugins.registrypull.testing;

import hudson.remoting.Callable;
import hudson.remoting.VirtualChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An agent channel for tests: every callable (and its result, and any exception it throws) is round-tripped
 * through Java serialization, as Remoting does between a controller and an agent JVM. The serialized requests are
 * kept, so tests can look at what crossed the channel.
 */
public final class SerializingChannel implements VirtualChannel {
    private final List<byte[]> sent = Collections.synchronizedList(new ArrayList<>());

    /** The serialized form of every callable sent so far. */
    public List<byte[]> sent() {
        return new ArrayList<>(sent);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V, T extends Throwable> V call(Callable<V, T> callable) throws IOException, T {
        byte[] request = serialize(callable);
        sent.add(request);
        Callable<V, T> onAgent = (Callable<V, T>) deserialize(request);
        V result;
        try {
            result = onAgent.call();
        } catch (Throwable t) {
            throw (T) deserialize(serialize(t));
        }
        return (V) deserialize(serialize(result));
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

    @Override
    public <V, T extends Throwable> hudson.remoting.Future<V> callAsync(Callable<V, T> callable) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }

    @Override
    public void join() {
    }

    @Override
    public void join(long timeout) {
    }

    @Override
    public <T> T export(Class<T> intf, T instance) {
        return instance;
    }

    @Override
    public void syncLocalIO() {
    }
}
