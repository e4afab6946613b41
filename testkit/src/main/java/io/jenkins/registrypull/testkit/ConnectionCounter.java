package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback port that only counts the connections made to it: {@link #start()} closes them (the target of a
 * redirect a client must refuse, to prove it never connected); {@link #silent()} holds them open and never answers (a
 * registry that has stalled, so a client waits until its own deadline; nothing sleeps here, so {@link #close()} ends
 * at once).
 */
public final class ConnectionCounter implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger accepted = new AtomicInteger();
    /** The connections a silent port holds open; null when they are closed at once. */
    private final List<Socket> held;

    private ConnectionCounter(ServerSocket socket, boolean hold) {
        this.socket = socket;
        this.held = hold ? new CopyOnWriteArrayList<>() : null;
        Thread acceptor = new Thread(this::acceptAll, "connection-counter-" + socket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on 127.0.0.1, on a free port. */
    public static ConnectionCounter start() {
        return listen(false);
    }

    /** Listens on 127.0.0.1, on a free port, and never answers what it accepts. */
    public static ConnectionCounter silent() {
        return listen(true);
    }

    private static ConnectionCounter listen(boolean hold) {
        try {
            return new ConnectionCounter(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")), hold);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** host:port to connect to. */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public int connections() {
        return accepted.get();
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                accepted.incrementAndGet();
                if (held == null) {
                    connection.close();
                } else {
                    held.add(connection);
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
            if (held != null) {
                for (Socket connection : held) {
                    connection.close();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
