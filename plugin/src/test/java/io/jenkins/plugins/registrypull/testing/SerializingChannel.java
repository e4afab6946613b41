package io.jenkins.plugins.registrypull.testing;

import hudson.remoting.Callable;
import hudson.remoting.RemoteInputStream;
import hudson.remoting.RemoteOutputStream;
import hudson.remoting.VirtualChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An agent channel for tests: every callable (and its result, and any exception it throws) is round-tripped
 * through Java serialization, as Remoting does between a controller and an agent JVM. The serialized requests are
 * kept, so tests can look at what crossed the channel.
 *
 * <p>{@link #export} works as Remoting's: the other side gets a proxy, whose calls (arguments, results and
 * exceptions) are round-tripped through serialization too, and {@link RemoteOutputStream} / {@link RemoteInputStream}
 * keep writing to (reading from) the stream they wrap on this side. An object that is neither serializable nor
 * exported fails the test, as it would fail on a real channel.
 */
public final class SerializingChannel implements VirtualChannel {
    private final List<byte[]> sent = Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, Object> exported = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    /** {@code Interface.method} of every call made through an exported proxy, in order. */
    public List<String> exportedCalls() {
        return new ArrayList<>(calls);
    }

    /** The serialized form of every callable sent so far. */
    public List<byte[]> sent() {
        return new ArrayList<>(sent);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V, T extends Throwable> V call(Callable<V, T> callable) throws IOException, T {
        byte[] request = write(callable);
        sent.add(request);
        Callable<V, T> onAgent = (Callable<V, T>) read(request);
        V result;
        try {
            result = onAgent.call();
        } catch (Throwable t) {
            throw (T) read(write(t));
        }
        return (V) read(write(result));
    }

    private Object roundTrip(Object o) throws IOException {
        return read(write(o));
    }

    private byte[] write(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
            {
                enableReplaceObject(true);
            }

            @Override
            protected Object replaceObject(Object obj) {
                if (obj instanceof ExportHandler h) {
                    return new HandlerRef(h.id, h.type);
                }
                if (obj instanceof RemoteOutputStream || obj instanceof RemoteInputStream) {
                    int id = ids.incrementAndGet();
                    exported.put(id, obj);
                    return new StreamRef(id);
                }
                return obj;
            }
        }) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    private Object read(byte[] bytes) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            {
                enableResolveObject(true);
            }

            @Override
            protected Object resolveObject(Object obj) {
                if (obj instanceof HandlerRef r) {
                    return new ExportHandler(r.id, r.type);
                }
                if (obj instanceof StreamRef r) {
                    return exported.get(r.id);
                }
                return obj;
            }
        }) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }

    /** Stands for an exported object's proxy handler while serialized. */
    private record HandlerRef(int id, Class<?> type) implements Serializable {
    }

    /** Stands for a remote stream while serialized. */
    private record StreamRef(int id) implements Serializable {
    }

    /** The proxy's side of an exported object: calls go to the object, with everything round-tripped. */
    private final class ExportHandler implements InvocationHandler {
        private final int id;
        private final Class<?> type;

        ExportHandler(int id, Class<?> type) {
            this.id = id;
            this.type = type;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "hashCode" -> id;
                    case "equals" -> proxy == args[0];
                    default -> type.getSimpleName() + "@export" + id;
                };
            }
            calls.add(type.getSimpleName() + "." + method.getName());
            Object[] sentArgs = args == null ? null : (Object[]) roundTrip(args);
            Object result;
            try {
                result = method.invoke(exported.get(id), sentArgs);
            } catch (InvocationTargetException e) {
                throw (Throwable) roundTrip(e.getCause());
            }
            return roundTrip(result);
        }
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
        int id = ids.incrementAndGet();
        exported.put(id, instance);
        return intf.cast(Proxy.newProxyInstance(intf.getClassLoader(), new Class<?>[] {intf},
                new ExportHandler(id, intf)));
    }

    @Override
    public void syncLocalIO() {
    }
}
