package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.credential.SecretValue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a secret from standard input (never from arguments, which every user on the machine
 * can read in /proc). One trailing newline is dropped, as {@code docker login --password-stdin}
 * does; the byte buffer is wiped.
 */
final class StdinSecret {

    static final int MAX_BYTES = 64 * 1024;

    private StdinSecret() {
    }

    /**
     * Refuses when this process's standard input is not one the user gave. Started with fd 0 closed
     * ({@code <&-}), the JVM reuses descriptor 0 for a file of its own (its {@code lib/modules}), and reading
     * "standard input" would read that file as the secret. On Linux {@code /proc/self/fd/0} tells: it is absent,
     * or it leads into the JVM's installation. Elsewhere there is nothing to check.
     */
    static void checkGiven(String option) throws InvalidInputException {
        Path fd = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fd)) {
            return;
        }
        String target;
        try {
            target = Files.readSymbolicLink(fd.resolve("0")).toString();
        } catch (NoSuchFileException closed) {
            throw notGiven(option);
        } catch (IOException | UnsupportedOperationException unknown) {
            return;
        }
        for (String home : javaHomes()) {
            if (target.startsWith(home + "/")) {
                throw notGiven(option);
            }
        }
    }

    private static java.util.List<String> javaHomes() {
        Path home = Path.of(System.getProperty("java.home"));
        java.util.List<String> homes = new java.util.ArrayList<>(java.util.List.of(home.toString()));
        try {
            homes.add(home.toRealPath().toString());
        } catch (IOException ignored) {
            // the path as given is checked
        }
        return homes;
    }

    private static InvalidInputException notGiven(String option) {
        return new InvalidInputException(option, "no secret on standard input: it is closed. Pipe the secret in,"
                + " e.g. `printf %s \"$TOKEN\" | registry-pull pull ... " + option + "`");
    }

    static SecretValue read(InputStream in, String option) throws IOException, InvalidInputException {
        byte[] buffer = new byte[MAX_BYTES + 1];
        int length = 0;
        try {
            int n;
            while (length < buffer.length && (n = in.read(buffer, length, buffer.length - length)) != -1) {
                length += n;
            }
            if (length > MAX_BYTES) {
                throw new InvalidInputException(option, "the secret on standard input is longer than "
                        + MAX_BYTES + " bytes");
            }
            if (length > 0 && buffer[length - 1] == '\n') {
                length--;
                if (length > 0 && buffer[length - 1] == '\r') {
                    length--;
                }
            }
            if (length == 0) {
                throw new InvalidInputException(option, "standard input was empty; pipe the secret in, e.g."
                        + " `printf %s \"$TOKEN\" | registry-pull pull ... " + option + "`");
            }
            try {
                return SecretValue.fromUtf8(buffer, 0, length);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(option, "the secret on standard input is not valid UTF-8 text");
            }
        } finally {
            Arrays.fill(buffer, (byte) 0);
        }
    }
}
