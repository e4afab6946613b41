package io.jenkins.registrypull.credhelper;

import io.jenkins.registrypull.credential.Credential;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The line protocol between the helper ({@code docker-credential-registrypull}, through {@code nc}, bash's
 * {@code /dev/tcp} or {@link HelperClient}) and {@link CredentialHelperServer}, over TCP on {@code 127.0.0.1}.
 *
 * <p>One request per connection, one line of US-ASCII ending in {@code \n}, at most {@value #MAX_REQUEST} bytes,
 * starting with a key:
 * <pre>
 * CAPABILITY get SERVER-URL   the credentials for a registry, as the client named it (docker: https://index.docker.io/v1/
 *                             or host:port; podman/skopeo: host:port)
 * CAPABILITY list             the credential-helper "list" action
 * CAPABILITY store | erase    refused: the block's credentials are read-only (the helper never forwards what it is sent)
 * CAPABILITY ping             answers "pong"
 * STOP-TOKEN stop             stops the server (only the block's starter knows the stop token)
 * </pre>
 * CAPABILITY is the block's random key from its owner-only {@code key} file: loopback TCP can be reached by every user
 * of the machine, so the key, not the connection, says that a request comes from the block. A request with a wrong or
 * missing key is refused before anything else is read or answered. The answer is a status line, {@code ok} or
 * {@code error}, then exactly what the helper prints on stdout, after which the server closes the connection. The
 * helper exits 0 after {@code ok} and 1 after {@code error}, as the docker-credential-helpers protocol wants: on
 * {@code get} the body is {@code {"ServerURL":..,"Username":..,"Secret":..}}; for a registry the block does not serve
 * it is {@value #NOT_FOUND}, the one message docker and containers/image take as "no credentials here" (then they go
 * on anonymously). The request never carries a registry secret; only the answer to {@code get} does.
 */
public final class HelperProtocol {
    /** Longest request line accepted, newline included. */
    public static final int MAX_REQUEST = 4096;

    public static final String OK = "ok";
    public static final String ERROR = "error";

    /** docker-credential-helpers' {@code errCredentialsNotFoundMessage}: clients treat it as "no credentials". */
    public static final String NOT_FOUND = "credentials not found in native keychain";

    /** docker-credential-helpers' {@code errCredentialsMissingServerURLMessage}. */
    public static final String MISSING_SERVER_URL = "no credentials server URL";

    /** The answer to {@code store} and {@code erase}. */
    public static final String READ_ONLY = "registry credentials inside withRegistryAuth are read-only: they come from "
            + "Jenkins and cannot be stored or erased here (docker login/logout are not needed inside the block; to log "
            + "in to another registry, add it to the block's registries)";

    /** The answer to a request without the block's key. */
    public static final String REFUSED = "refused: this request did not present the key of the withRegistryAuth block "
            + "that serves these credentials (only the block's own helper, which reads it from the block's owner-only "
            + "key file, is answered)";

    /** The username that marks an identity (OAuth2 refresh) token, for docker and containers/image alike. */
    public static final String IDENTITY_TOKEN_USERNAME = Credential.IDENTITY_TOKEN_USERNAME;

    private HelperProtocol() {
    }

    /** A parsed request line: the key it presents, the action and its argument (empty when none). */
    public record Request(String key, String action, String argument) {
        @Override
        public String toString() {
            return "Request[" + action + "]";
        }
    }

    /** Parses one request line (without its newline); unknown actions are kept, the server refuses them. */
    public static Request parse(String line) {
        String[] parts = line.strip().split(" ", 3);
        return new Request(parts[0], parts.length > 1 ? parts[1] : "", parts.length > 2 ? parts[2].strip() : "");
    }

    /** The request line for {@code action} with {@code key} (and the argument, if any). */
    public static String request(String key, String action, String argument) {
        return key + " " + action + (argument == null || argument.isEmpty() ? "" : " " + argument);
    }

    /** Whether an answer that holds no secret has the status line {@code ok} (a cut or empty answer has none). */
    public static boolean isOk(String answer) {
        int newline = answer.indexOf('\n');
        return newline >= 0 && OK.equals(answer.substring(0, newline));
    }

    /** {@code ok\nBODY} or {@code error\nBODY}, for answers that hold no secret. */
    public static byte[] answer(boolean ok, String body) {
        return ((ok ? OK : ERROR) + "\n" + body + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code ok\n{"ServerURL":...,"Username":...,"Secret":...}\n} in a fresh byte array that the caller wipes after
     * writing it to the socket. The secret is JSON-escaped straight from the char array it is borrowed into, and that
     * array is wiped here; it never becomes a {@link String}.
     */
    public static byte[] credentialsAnswer(String serverUrl, Credential credential) {
        String username;
        char[] secret;
        if (credential instanceof Credential.UsernamePassword up) {
            username = up.username();
            secret = up.password().chars();
        } else if (credential instanceof Credential.IdentityToken it) {
            username = IDENTITY_TOKEN_USERNAME;
            secret = it.refreshToken().chars();
        } else if (credential instanceof Credential.Renewing) {
            throw new IllegalArgumentException("answer with the renewing credential's current() credential");
        } else {
            throw new IllegalArgumentException("anonymous access needs no helper");
        }
        ByteArrayOutputStream out = new WipingBuffer(256 + secret.length * 6);
        char[] json = null;
        try {
            StringBuilder head = new StringBuilder(OK).append('\n').append("{\"ServerURL\":");
            appendJsonString(head, serverUrl);
            head.append(",\"Username\":");
            appendJsonString(head, username);
            head.append(",\"Secret\":\"");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            json = escapeJson(secret);
            ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(json));
            byte[] secretBytes = new byte[encoded.remaining()];
            encoded.get(secretBytes);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
            out.writeBytes(secretBytes);
            Arrays.fill(secretBytes, (byte) 0);
            out.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        } finally {
            Arrays.fill(secret, '\0');
            if (json != null) {
                Arrays.fill(json, '\0');
            }
            ((WipingBuffer) out).wipe();
        }
    }

    static void appendJsonString(StringBuilder out, String value) {
        out.append('"').append(escapeJson(value.toCharArray())).append('"');
    }

    /** JSON string escaping (RFC 8259): quote, backslash and control characters. */
    static char[] escapeJson(char[] value) {
        StringBuilder out = new StringBuilder(value.length + 16);
        for (char c : value) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        char[] escaped = new char[out.length()];
        out.getChars(0, out.length(), escaped, 0);
        // overwrite the builder's internal copy
        for (int i = 0; i < out.length(); i++) {
            out.setCharAt(i, '\0');
        }
        return escaped;
    }

    /** A byte buffer whose internal array can be wiped. */
    private static final class WipingBuffer extends ByteArrayOutputStream {
        WipingBuffer(int size) {
            super(size);
        }

        void wipe() {
            Arrays.fill(buf, (byte) 0);
            count = 0;
        }
    }
}
