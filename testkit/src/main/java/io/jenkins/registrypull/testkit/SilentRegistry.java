package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A registry that has stalled: it accepts connections on 127.0.0.1 and never answers, so a client waits until its own
 * deadline. Unlike a throttled {@link FaultProxy} answer, nothing sleeps on this side: {@link #close()} ends at once.
 */
public final class SilentRegistry implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    private SilentRegistry(ServerSocket socket) {
        this.socket = socket;
        Thread acceptor = new Thread(this::acceptAll, "silent-registry-" + socket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on 127.0.0.1, on a free port. */
    public static SilentRegistry start() {
        try {
            return new SilentRegistry(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** host:port to pull from. */
    public String hostPort() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** How many connections the client opened (and got no answer on). */
    public int connections() {
        return held.size();
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try {
                held.add(socket.accept());
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
            for (Socket s : held) {
                s.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
