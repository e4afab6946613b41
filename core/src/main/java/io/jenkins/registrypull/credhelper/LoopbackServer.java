package io.jenkins.registrypull.credhelper;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on {@code 127.0.0.1} (an ephemeral port) that reads one request line per connection (at most
 * {@link HelperProtocol#MAX_REQUEST} bytes), writes the {@link Handler}'s answer, wipes it and closes the
 * connection. A few daemon workers answer at once; a connection silent for 5 s is dropped.
 */
final class LoopbackServer implements AutoCloseable {

    /** Answers a request line. */
    interface Handler {
        Answer answer(String requestLine);
    }

    /**
     * @param bytes what to send back (wiped after sending: it may hold a credential)
     * @param stop  whether the server's owner is to stop after this answer
     */
    record Answer(byte[] bytes, boolean stop) {
    }

    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    private static final int WORKERS = 8;

    private final ServerSocket socket;
    private final ExecutorService workers;
    private final Thread acceptor;
    private final Handler handler;
    private final Runnable stop;
    private volatile boolean closed;

    private LoopbackServer(ServerSocket socket, String name, Handler handler, Runnable stop) {
        this.socket = socket;
        this.handler = handler;
        this.stop = stop;
        this.workers = Executors.newFixedThreadPool(WORKERS, daemons("registrypull-credhelper-" + name));
        this.acceptor = new Thread(this::acceptLoop, "registrypull-credhelper-accept 127.0.0.1:"
                + socket.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    /** Binds a port; nothing is accepted before {@link #start()}. */
    static LoopbackServer bind(String name, Handler handler, Runnable stop) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            return new LoopbackServer(socket, name, handler, stop);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    void start() {
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Closes the port and waits briefly for the answers under way. */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        acceptor.interrupt();
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                if (closed || socket.isClosed()) {
                    return;
                }
                continue;
            }
            try {
                workers.execute(() -> serve(connection));
            } catch (RejectedExecutionException e) {
                closeQuietly(connection);
                return;
            }
        }
    }

    private void serve(Socket connection) {
        byte[] answer = null;
        try (connection) {
            connection.setSoTimeout((int) CONNECTION_TIMEOUT.toMillis());
            String line = readLine(connection.getInputStream());
            if (line == null) {
                return;
            }
            Answer reply = handler.answer(line);
            answer = reply.bytes();
            connection.getOutputStream().write(answer);
            connection.getOutputStream().flush();
            if (reply.stop()) {
                Thread stopper = new Thread(stop, "registrypull-credhelper-stop");
                stopper.setDaemon(true);
                stopper.start();
            }
        } catch (IOException | RuntimeException e) {
            // the peer went away or sent garbage: nothing to answer
        } finally {
            if (answer != null) {
                Arrays.fill(answer, (byte) 0);
            }
        }
    }

    /** One line, at most {@link HelperProtocol#MAX_REQUEST} bytes; a client that half-closes instead is accepted. */
    private static String readLine(InputStream in) throws IOException {
        byte[] buffer = new byte[HelperProtocol.MAX_REQUEST];
        int length = 0;
        while (length < buffer.length) {
            int b = in.read();
            if (b < 0 || b == '\n') {
                break;
            }
            buffer[length++] = (byte) b;
        }
        String line = length == 0 ? null : new String(buffer, 0, length, StandardCharsets.UTF_8);
        Arrays.fill(buffer, (byte) 0);
        return line;
    }

    private static void closeQuietly(Socket connection) {
        try {
            connection.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
