package io.jenkins.registrypull.credhelper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The last resort of {@code docker-credential-registrypull}: a tiny main class the helper script runs with the agent
 * JVM's own {@code java} when neither {@code nc} nor bash is there (it exists only where the agent's java does).
 *
 * <p>{@code java -cp DIR io.jenkins.registrypull.credhelper.HelperClient PORT KEY-FILE ACTION [SERVER-URL]}: sends one
 * {@link HelperProtocol} request, with the key read from KEY-FILE, to {@code 127.0.0.1:PORT}, prints the answer's body
 * on stdout (and a failure on stderr too) and exits 0 ({@code ok}) or 1. Without SERVER-URL, {@code get} reads it from stdin, where docker writes it without a trailing newline.
 * {@code store} and {@code erase} read and discard stdin (docker sends the secret it wants stored there: it is never
 * forwarded).
 *
 * <p>Why a class file and not the plugin jar: on an agent the plugin's classes come through the remoting class loader
 * and are not a file anyone could put on a class path. The server copies this one class (it has no nested classes
 * and uses nothing but the JDK) from its own class path into the block's private directory. It is compiled for
 * Java 17, the agent's minimum.
 *
 * <p>It can never hang a build: a watchdog thread ends the process with status 1 after {@value #TIMEOUT_MILLIS} ms,
 * and a block that is gone (its key file deleted, its port closed) fails at once with {@link #GONE}.
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
        return run(args, stdin, stdout, System.err);
    }

    static int run(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        if (args.length < 3) {
            stdout.println("usage: docker-credential-registrypull <get|list|store|erase|version>");
            return 1;
        }
        int port;
        try {
            port = Integer.parseInt(args[0]);
        } catch (NumberFormatException e) {
            stdout.println("usage: HelperClient PORT KEY-FILE ACTION [SERVER-URL]");
            return 1;
        }
        Path keyFile = Path.of(args[1]);
        String action = args[2];
        String argument = "";
        try {
            switch (action) {
                case "get": {
                    argument = args.length > 3 ? args[3] : readAll(stdin, HelperProtocol.MAX_REQUEST - 200).strip();
                    if (argument.isEmpty()) {
                        stdout.println(HelperProtocol.MISSING_SERVER_URL);
                        return 1;
                    }
                    break;
                }
                case "list":
                    break;
                case "store":
                case "erase":
                    drain(stdin);
                    break;
                case "version":
                    stdout.println("docker-credential-registrypull (Registry Pull for Jenkins) 2");
                    return 0;
                default:
                    return fail(stdout, stderr, "Unknown credential action `" + action + "`");
            }
        } catch (IOException e) {
            return fail(stdout, stderr, "cannot read the request from stdin: " + e.getMessage());
        }
        if (argument.indexOf('\n') >= 0 || argument.indexOf('\r') >= 0) {
            stdout.println(HelperProtocol.MISSING_SERVER_URL);
            return 1;
        }
        String key;
        try {
            key = Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return fail(stdout, stderr, GONE);
        }
        byte[] answer;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout((int) TIMEOUT_MILLIS);
            socket.getOutputStream().write((key + " " + action + (argument.isEmpty() ? "" : " " + argument) + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            answer = readAnswer(socket.getInputStream());
        } catch (IOException e) {
            return fail(stdout, stderr, GONE + " (nothing answered on 127.0.0.1:" + port + ")");
        }
        int newline = indexOf(answer, (byte) '\n');
        if (newline < 0) {
            wipe(answer);
            return fail(stdout, stderr, GONE + " (the server closed the connection without an answer)");
        }
        String status = new String(answer, 0, newline, StandardCharsets.US_ASCII);
        stdout.write(answer, newline + 1, answer.length - newline - 1);
        stdout.flush();
        boolean ok = HelperProtocol.OK.equals(status);
        if (!ok) {
            String body = new String(answer, newline + 1, answer.length - newline - 1, StandardCharsets.UTF_8).strip();
            if (!body.equals(HelperProtocol.NOT_FOUND)) {
                stderr.println("docker-credential-registrypull: " + body);
            }
        }
        wipe(answer);
        return ok ? 0 : 1;
    }

    private static int fail(PrintStream stdout, PrintStream stderr, String message) {
        stdout.println(message);
        stderr.println("docker-credential-registrypull: " + message);
        return 1;
    }

    private static byte[] readAnswer(InputStream in) throws IOException {
        byte[] buffer = new byte[MAX_ANSWER];
        int length = 0;
        int n;
        while (length < buffer.length && (n = in.read(buffer, length, buffer.length - length)) >= 0) {
            length += n;
        }
        byte[] bytes = java.util.Arrays.copyOf(buffer, length);
        wipe(buffer);
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
