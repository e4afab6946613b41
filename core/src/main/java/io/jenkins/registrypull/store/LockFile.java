package io.jenkins.registrypull.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * One lock file, opened once per JVM and shared by every thread that locks it, with two one-byte
 * regions that are each held shared or exclusively.
 *
 * <p>Why one channel per JVM: file locks belong to the process, not to a thread or a channel, and
 * closing any channel of a file drops all of the process's locks on it; a second lock on an
 * overlapping region from the same JVM throws {@code OverlappingFileLockException}. So this class
 * counts the JVM's own holders of each region and asks the operating system only when the first
 * holder arrives and when the last one leaves.
 *
 * <p>Every method here is non-blocking ({@code tryLock}); callers poll. The blocking
 * {@code FileChannel.lock()} would close the shared channel, and with it every lock of every
 * thread, when the waiting thread is interrupted (as the puller does to cancel its workers).
 */
final class LockFile {

    /** Byte 0: held exclusively by the one writer of a blob; by prune while it deletes. */
    static final int WRITE = 0;
    /** Byte 1: held shared by the pulls using a blob; exclusively by prune or verify while they delete it. */
    static final int USE = 1;

    private static final Map<Path, LockFile> OPEN = new HashMap<>();

    private final Path path;
    private final FileChannel channel;
    private final Region[] regions = {new Region(WRITE), new Region(USE)};
    private int references; // guarded by OPEN

    private LockFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens (creating it if needed) the lock file, or adds a reference to this JVM's open copy. */
    static LockFile open(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Files.createDirectories(absolute.getParent());
        // one key per file, however the store was named (a symlink, a relative path)
        Path key = absolute.getParent().toRealPath().resolve(absolute.getFileName());
        synchronized (OPEN) {
            LockFile file = OPEN.get(key);
            if (file == null) {
                FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                file = new LockFile(key, channel);
                OPEN.put(key, file);
            }
            file.references++;
            return file;
        }
    }

    /** Drops a reference; the last one closes the channel (by then this JVM holds no lock on it). */
    void close() {
        synchronized (OPEN) {
            if (--references > 0) {
                return;
            }
            OPEN.remove(path);
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing releases the locks anyway
        }
    }

    Path path() {
        return path;
    }

    /** Takes the region shared, unless this JVM or another process holds it exclusively. */
    synchronized boolean tryShared(int region) throws IOException {
        Region r = regions[region];
        if (r.exclusive) {
            return false;
        }
        if (r.shared == 0) {
            FileLock lock = channel.tryLock(r.position, 1, true);
            if (lock == null) {
                return false;
            }
            r.lock = lock;
        }
        r.shared++;
        return true;
    }

    /** Takes the region exclusively, unless anyone, in this JVM or another process, holds it. */
    synchronized boolean tryExclusive(int region) throws IOException {
        Region r = regions[region];
        if (r.exclusive || r.shared > 0) {
            return false;
        }
        FileLock lock = channel.tryLock(r.position, 1, false);
        if (lock == null) {
            return false;
        }
        r.lock = lock;
        r.exclusive = true;
        return true;
    }

    synchronized void releaseShared(int region) {
        Region r = regions[region];
        if (r.shared <= 0) {
            throw new IllegalStateException("region " + region + " of " + path + " is not held shared");
        }
        if (--r.shared == 0) {
            r.release();
        }
    }

    synchronized void releaseExclusive(int region) {
        Region r = regions[region];
        if (!r.exclusive) {
            throw new IllegalStateException("region " + region + " of " + path + " is not held exclusively");
        }
        r.exclusive = false;
        r.release();
    }

    /** The lock files this JVM has open; for tests. */
    static java.util.Set<Path> openFiles() {
        synchronized (OPEN) {
            return java.util.Set.copyOf(OPEN.keySet());
        }
    }

    private static final class Region {
        final long position;
        int shared;
        boolean exclusive;
        FileLock lock;

        Region(long position) {
            this.position = position;
        }

        void release() {
            try {
                lock.release();
            } catch (IOException ignored) {
                // the channel is closed: the lock is gone with it
            }
            lock = null;
        }
    }
}
