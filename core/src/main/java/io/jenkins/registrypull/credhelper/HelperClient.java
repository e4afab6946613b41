package io.jenkins.registrypull.credhelper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The portable half of {@code docker-credential-registrypull}: a tiny main class the helper script runs with the agent
 * JVM's own {@code java} when neither {@code socat} nor an {@code nc} with {@code -U} is there.
 *
 * <p>{@code java -cp DIR io.jenkins.registrypull.credhelper.HelperClient SOCKET ACTION [SERVER-URL]}: sends one
 * {@link HelperProtocol} request to the block's socket, prints the answer's body on stdout and exits 0 ({@code ok}) or
 * 1. Without SERVER-URL, {@code get} reads it from stdin, where docker writes it without a trailing newline.
 * {@code store} and {@code erase} read and discard stdin (docker sends the secret it wants stored there: it is never
 * forwarded).
 *
 * <p>Why a class file and not the plugin jar: on an agent the plugin's classes come through the remoting class loader
 * and are not a file anyone could put on a class path. The server copies this one class (it has no nested classes
 * and uses nothing but the JDK) from its own class path into the block's private directory. It is compiled for
 * Java 17, the agent's minimum.
 *
 * <p>It can never hang a build: a watchdog thread ends the process with status 1 after {@value #TIMEOUT_MILLIS} ms,
 * and a socket that is gone (block over, agent restarted, JVM killed) fails at once with {@link #GONE}.
 */
public final class HelperClient implements Runnable {
    /** The message of a helper whose server is gone; the script prints the same words. */
    public static final String GONE = "registry credentials are only available inside the withRegistryAuth block (or "
            + "the freestyle build) that provides them, on its agent, while it runs: this block's credential server is "
            + "gone (the block ended, the build was aborted, or the agent restarted)";

    static final long TIMEOUT_MILLIS = 10_000;
    private static final int MAX_ANSWER = 256 * 1024;

    private HelperClient() {
    }

    public static void main(String[] args) {
        Thread watchdog = new Thread(new HelperClient(), "registrypull-helper-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        int status = run(args, System.in, System.out);
        System.out.flush();
        System.exit(status);
    }

    /** The watchdog. */
    @Override
    public void run() {
        try {
            Thread.sleep(TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            return;
        }
        System.out.println("the registry credential server did not answer within " + TIMEOUT_MILLIS / 1000 + " s");
        System.out.flush();
        Runtime.getRuntime().halt(1);
    }

    /** Runs one action; returns the exit status. */
    static int run(String[] args, InputStream stdin, PrintStream stdout) {
        if (args.length < 2) {
            stdout.println("usage: docker-credential-registrypull <get|list|store|erase|version>");
            return 1;
        }
        Path socket = Path.of(args[0]);
        String action = args[1];
        String request;
        try {
            switch (action) {
                case "get": {
                    String url = args.length > 2 ? args[2] : readAll(stdin, HelperProtocol.MAX_REQUEST - 8).strip();
                    if (url.isEmpty()) {
                        stdout.println(HelperProtocol.MISSING_SERVER_URL);
                        return 1;
                    }
                    request = "get " + url;
                    break;
                }
                case "list":
                    request = "list";
                    break;
                case "store":
                case "erase":
                    drain(stdin);
                    request = action;
                    break;
                case "version":
                    stdout.println("docker-credential-registrypull (Registry Pull for Jenkins) 1");
                    return 0;
                default:
                    stdout.println("Unknown credential action `" + action + "`");
                    return 1;
            }
        } catch (IOException e) {
            stdout.println("cannot read the request from stdin: " + e.getMessage());
            return 1;
        }
        if (request.indexOf('\n') >= 0 || request.indexOf('\r') >= 0) {
            stdout.println(HelperProtocol.MISSING_SERVER_URL);
            return 1;
        }
        if (!Files.exists(socket)) {
            stdout.println(GONE);
            return 1;
        }
        byte[] answer;
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            answer = readAll(channel);
        } catch (IOException e) {
            stdout.println(GONE + " (" + e.getMessage() + ")");
            return 1;
        }
        int newline = indexOf(answer, (byte) '\n');
        if (newline < 0) {
            wipe(answer);
            stdout.println(GONE + " (the server closed the connection without an answer)");
            return 1;
        }
        String status = new String(answer, 0, newline, StandardCharsets.US_ASCII);
        stdout.write(answer, newline + 1, answer.length - newline - 1);
        stdout.flush();
        wipe(answer);
        return HelperProtocol.OK.equals(status) ? 0 : 1;
    }

    private static byte[] readAll(SocketChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_ANSWER);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // until the server closes
        }
        byte[] bytes = new byte[buffer.position()];
        buffer.flip();
        buffer.get(bytes);
        wipe(buffer.array());
        return bytes;
    }

    private static String readAll(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        while (in.read(buffer) >= 0) {
            wipe(buffer);
        }
        wipe(buffer);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static void wipe(byte[] bytes) {
        java.util.Arrays.fill(bytes, (byte) 0);
    }
}
