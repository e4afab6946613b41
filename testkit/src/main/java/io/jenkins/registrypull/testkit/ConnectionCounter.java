package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback port that only counts the connections made to it (and closes them): the target of a
 * redirect a client must refuse, to prove it never connected.
 */
public final class ConnectionCounter implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger accepted = new AtomicInteger();

    private ConnectionCounter(ServerSocket socket) {
        this.socket = socket;
        Thread acceptor = new Thread(this::acceptAll, "connection-counter-" + socket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on 127.0.0.1, on a free port. */
    public static ConnectionCounter start() {
        try {
            return new ConnectionCounter(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    public int connections() {
        return accepted.get();
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try (Socket ignored = socket.accept()) {
                accepted.incrementAndGet();
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
