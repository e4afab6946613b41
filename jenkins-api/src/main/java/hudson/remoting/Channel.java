// Stand-in for hudson.remoting.Channel from org.jenkins-ci.main:remoting:3352.v17a_fb_4b_2773f (subset of members:
// current(), addListener/removeListener, Listener.onClosed, close(), the VirtualChannel methods, and the deprecated
// public constructor, which tests use to make one).
package hudson.remoting;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Represents a communication channel to the remote peer. Stand-in: both "ends" are this JVM; {@link #call} runs the
 * callable here with {@link #current()} set to this channel, as Remoting does on the receiving side, and
 * {@link #close()} notifies the {@link Listener}s as a terminated channel does.
 */
public class Channel implements VirtualChannel, Closeable {
    private static final ThreadLocal<Channel> CURRENT = new ThreadLocal<>();

    private final String name;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** @deprecated as of 2.24 use {@code ChannelBuilder}. Stand-in: the streams and executor are not used. */
    @Deprecated
    public Channel(String name, ExecutorService exec, InputStream is, OutputStream os) throws IOException {
        this.name = name;
    }

    /**
     * This method can be invoked during the serialization/deserialization of objects when they are transferred to the
     * remote {@link Channel}, as well as during {@link Callable#call()} is invoked.
     */
    @CheckForNull
    public static Channel current() {
        return CURRENT.get();
    }

    /*package*/ static Channel setCurrent(Channel channel) {
        Channel old = CURRENT.get();
        if (channel == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(channel);
        }
        return old;
    }

    /** Registers a new {@link Listener}. */
    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** Removes a listener. */
    public boolean removeListener(Listener l) {
        return listeners.remove(l);
    }

    /** Returns {@code true} if the channel is either in the process of closing down or has closed down. */
    public boolean isClosingOrClosed() {
        return closed;
    }

    @Override
    public <V, T extends Throwable> V call(Callable<V, T> callable) throws IOException, T, InterruptedException {
        if (closed) {
            throw new IOException("Remote call on " + name + " failed. The channel is closing down or has closed down");
        }
        Channel old = setCurrent(this);
        try {
            return callable.call();
        } finally {
            setCurrent(old);
        }
    }

    @Override
    public <V, T extends Throwable> Future<V> callAsync(Callable<V, T> callable) throws IOException {
        CompletableFuture<V> f = new CompletableFuture<>();
        try {
            f.complete(call(callable));
        } catch (Throwable t) {
            f.completeExceptionally(t);
        }
        return new Future<V>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                return f.cancel(mayInterruptIfRunning);
            }

            @Override
            public boolean isCancelled() {
                return f.isCancelled();
            }

            @Override
            public boolean isDone() {
                return f.isDone();
            }

            @Override
            public V get() throws InterruptedException, ExecutionException {
                return f.get();
            }

            @Override
            public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
                return f.get(timeout, unit);
            }
        };
    }

    /** Performs an orderly shut down of this channel; the listeners learn of it with a null cause. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        for (Listener l : listeners) {
            l.onClosed(this, null);
        }
    }

    @Override
    public void join() throws InterruptedException {
    }

    @Override
    public void join(long timeout) throws InterruptedException {
    }

    @Override
    public <T> T export(Class<T> intf, T instance) {
        return instance;
    }

    @Override
    public void syncLocalIO() throws InterruptedException {
    }

    public String getName() {
        return name;
    }

    @Override
    public String toString() {
        return super.toString() + ":" + name;
    }

    /** Callback "interface" for changes in the state of {@link Channel}. */
    public abstract static class Listener {
        /**
         * When the channel was closed normally or abnormally due to an error.
         *
         * @param cause if the channel is closed abnormally, this parameter represents an exception that has
         *     triggered it. Otherwise null.
         */
        public void onClosed(Channel channel, IOException cause) {
        }
    }
}
