package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Finds a TCP port on 127.0.0.1 that nothing listens on right now.
 *
 * <p>A child process (the registry) cannot be handed a bound socket, so the port is probed
 * and released; another process may take it before the child binds it. Callers that start a
 * child therefore retry with a new port when the child reports "address already in use".
 */
public final class FreePort {

    private FreePort() {
    }

    /** The loopback address every fixture binds to: IPv4, never {@code localhost}, never a wildcard. */
    public static InetAddress loopback() {
        return InetAddress.getLoopbackAddress().getAddress().length == 4
                ? InetAddress.getLoopbackAddress()
                : ipv4Loopback();
    }

    /** Returns a port on 127.0.0.1 that was free a moment ago. */
    public static int find() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(loopback(), 0), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean isListening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress(loopback(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
