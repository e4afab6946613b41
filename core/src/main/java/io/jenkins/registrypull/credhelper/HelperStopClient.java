package io.jenkins.registrypull.credhelper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * The starter's side of ending a block early (what a Jenkins controller does through its agent): sends
 * {@code STOP-TOKEN stop} to the block's {@link CredentialHelperServer}, and removes a directory a dead server left.
 */
public final class HelperStopClient {

    private HelperStopClient() {
    }

    /**
     * Asks the server on {@code 127.0.0.1:port} to stop, as its starter: returns true if it stopped, false if there was
     * no server any more (nothing listens, or whoever listens does not know the token: a port reused after the
     * block's server died), which is just as good.
     */
    public static boolean requestStop(int port, String token) throws IOException {
        String text;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((HelperProtocol.request(token, "stop", "") + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            text = new String(socket.getInputStream().readNBytes(1024), StandardCharsets.US_ASCII);
        } catch (SocketException e) {
            return false;
        }
        return HelperProtocol.isOk(text);
    }

    /**
     * {@link #requestStop}, then removes {@code directory} if a server that died without closing (its JVM killed) left
     * it behind: it holds no registry secret, and its key opens nothing any more, but it should not linger. Returns
     * what {@link #requestStop} returned.
     */
    public static boolean stopAndRemove(int port, String token, Path directory) throws IOException {
        boolean stopped = requestStop(port, token);
        // the server deletes its directory right after answering; wait briefly so callers see it gone
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (stopped && Files.exists(directory.resolve(BlockDirectory.KEY_NAME)) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (directory.getFileName().toString().startsWith(BlockDirectory.DIR_PREFIX) && isOurDirectory(directory)) {
            BlockDirectory.deleteRecursively(directory);
        }
        return stopped;
    }

    /**
     * One stat, not a check and then a second look: the server may finish deleting the directory at any moment after
     * its key went, and a directory gone by then is what we wanted.
     */
    static boolean isOurDirectory(Path directory) throws IOException {
        try {
            PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attributes.isDirectory() && attributes.owner().getName().equals(System.getProperty("user.name"));
        } catch (NoSuchFileException removedByTheServer) {
            return false;
        }
    }
}
