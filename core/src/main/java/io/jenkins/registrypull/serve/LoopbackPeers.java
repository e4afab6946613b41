package io.jenkins.registrypull.serve;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Who is on the other end of a loopback connection: the owner (uid) of the client's socket, from the kernel's socket
 * table ({@code /proc/net/tcp}, Linux). The loopback registry's path is random, but it is on {@code docker pull}'s
 * command line, which every local user can read in {@code /proc}; so the registry also answers only sockets owned by
 * root (a system dockerd) or by this JVM's own user (a rootless dockerd), and other local users get nothing.
 */
final class LoopbackPeers {

    private static final Path[] TABLES = {Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6")};
    private static final int UID_COLUMN = 7;

    private final Set<Integer> allowed;

    LoopbackPeers(Set<Integer> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    /** Root and the user this JVM runs as; empty when this system has no socket table to check against. */
    static Optional<LoopbackPeers> rootAndSelf() {
        if (!Files.isReadable(TABLES[0])) {
            return Optional.empty();
        }
        try {
            int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Optional.of(new LoopbackPeers(self == 0 ? Set.of(0) : Set.of(0, self)));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Whether the socket connected from {@code peerPort} to our {@code serverPort} belongs to an allowed user. */
    boolean allows(int peerPort, int serverPort) {
        OptionalInt uid = ownerOf(peerPort, serverPort);
        return uid.isPresent() && allowed.contains(uid.getAsInt());
    }

    OptionalInt ownerOf(int peerPort, int serverPort) {
        for (Path table : TABLES) {
            try (BufferedReader lines = Files.newBufferedReader(table, StandardCharsets.US_ASCII)) {
                lines.readLine(); // the column names
                String line;
                while ((line = lines.readLine()) != null) {
                    String[] columns = line.trim().split("\\s+");
                    if (columns.length > UID_COLUMN && port(columns[1]) == peerPort && port(columns[2]) == serverPort) {
                        return OptionalInt.of(Integer.parseInt(columns[UID_COLUMN]));
                    }
                }
            } catch (IOException | NumberFormatException unreadable) {
                // try the next table; no answer means no access
            }
        }
        return OptionalInt.empty();
    }

    /** The port of an {@code ADDRESS:PORT} column, both in hex. */
    private static int port(String column) {
        int colon = column.lastIndexOf(':');
        return colon < 0 ? -1 : Integer.parseInt(column.substring(colon + 1), 16);
    }
}
