package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.api.InvalidInputException;
import io.jenkins.registrypull.api.SecretValue;

import java.io.IOException;
import java.io.InputStream;
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
