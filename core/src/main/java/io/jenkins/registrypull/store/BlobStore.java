package io.jenkins.registrypull.store;

import io.jenkins.registrypull.reference.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A content-addressed directory of verified blobs, {@code ROOT/blobs/<algorithm>/<hex>}, shared by
 * every pull on the machine, in this JVM or another process.
 *
 * <p>A blob only ever appears under its final name after it was hashed and its size checked:
 * writers stream into {@code ROOT/tmp/}, force the data to disk, make the file read-only and
 * rename it atomically. So a file under {@code blobs/} is always complete and correct, whatever
 * happened to the process that wrote it, and later pulls reuse it without fetching it again.
 *
 * <p>Pulls take blobs through a {@link BlobLease}, which locks them (see {@link BlobLocks}): one
 * writer per blob at a time, others wait and reuse its result; {@link #prune} and {@link #verify}
 * never delete a blob a pull is writing or using. A pull killed half-way leaves only a temp file
 * nobody holds, which the next lease, prune or verify deletes. The modification time of a blob is
 * its last use, for prune's least-recently-used order.
 *
 * <p>The store must be on a local file system (file locks and atomic rename).
 */
public final class BlobStore {

    private static final String TEMP_SUFFIX = ".part";
    private static final Duration FOREIGN_TEMP_AGE = Duration.ofHours(1);

    private final Path root;
    private final BlobLocks locks;
    private final Durability durability;

    public BlobStore(Path root) {
        this(root, Durability.SYNC_EACH_BLOB);
    }

    /** @param durability whether writers sync each blob before its rename (only the benchmark turns it off) */
    public BlobStore(Path root, Durability durability) {
        this.root = root.toAbsolutePath().normalize();
        this.locks = new BlobLocks(this.root.resolve("locks"));
        this.durability = durability;
    }

    public Path root() {
        return root;
    }

    Durability durability() {
        return durability;
    }

    /** Where the verified blob lives (whether or not it exists yet). */
    public Path pathOf(Digest digest) {
        return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    /** Whether a verified copy of the blob with that size is present (a look, without a lock). */
    public boolean contains(Digest digest, long size) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(pathOf(digest), BasicFileAttributes.class);
            return attributes.isRegularFile() && attributes.size() == size;
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts a pull's hold on the store; also deletes temp files left by killed pulls. */
    public BlobLease lease() throws IOException {
        return lease(message -> {
        });
    }

    /**
     * Starts a pull's hold on the store; also deletes temp files left by killed pulls.
     *
     * @param notices receives a line when the pull waits for another pull's download
     */
    public BlobLease lease(Consumer<String> notices) throws IOException {
        createPrivateRoot();
        Files.createDirectories(root.resolve("blobs"));
        Files.createDirectories(tmpDir());
        Files.createDirectories(root.resolve("locks"));
        try {
            removeStaleTemps();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while cleaning the blob store " + root, e);
        }
        return new BlobLease(this, locks, notices);
    }

    /**
     * Creates a new store readable by its owner only (0700): images pulled with credentials are often private, and
     * the store must not show them to the machine's other users. An existing store keeps its permissions.
     */
    private void createPrivateRoot() throws IOException {
        if (Files.isDirectory(root)) {
            return;
        }
        if (root.getParent() != null) {
            Files.createDirectories(root.getParent());
        }
        try {
            Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another pull created it meanwhile
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(root);
        }
    }

    /**
     * Deletes temp files that no running pull is writing (left by a pull that was killed). A temp
     * file is named after its blob, and exists only while its writer holds the blob's write lock;
     * when that lock can be taken, the writer is gone.
     *
     * @return how many were deleted
     */
    public int removeStaleTemps() throws IOException, InterruptedException {
        Path tmp = root.resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return 0;
        }
        int removed = 0;
        for (Path temp : list(tmp)) {
            Digest digest = digestOfTemp(temp.getFileName().toString());
            if (digest == null) {
                removed += removeIfOld(temp) ? 1 : 0;
                continue;
            }
            try (BlobLocks.Blob lock = locks.open(digest)) {
                if (lock.tryWrite()) {
                    try {
                        removed += Files.deleteIfExists(temp) ? 1 : 0;
                    } finally {
                        lock.releaseWrite();
                    }
                }
            }
        }
        return removed;
    }

    /**
     * Deletes the least recently used blobs until the store holds at most {@code budgetBytes},
     * skipping blobs a running pull holds. Also deletes stale temp files, and the lock files of
     * deleted blobs when no pull is running.
     */
    public PruneResult prune(long budgetBytes) throws IOException, InterruptedException {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("the size budget must not be negative");
        }
        long started = System.nanoTime();
        int staleTemps = removeStaleTemps();
        List<StoredBlob> blobs = listBlobs();
        long total = blobs.stream().mapToLong(StoredBlob::size).sum();
        long before = total;
        List<Digest> evicted = new ArrayList<>();
        long freed = 0;
        int inUse = 0;
        blobs.sort(Comparator.comparing(StoredBlob::lastUsed).thenComparing(b -> b.digest().toString()));
        for (StoredBlob blob : blobs) {
            if (total <= budgetBytes) {
                break;
            }
            try (BlobLocks.Blob lock = locks.open(blob.digest())) {
                if (!lock.tryDelete()) {
                    inUse++;
                    continue;
                }
                try {
                    BasicFileAttributes now = attributesOrNull(blob.path());
                    if (now == null) {
                        total -= blob.size(); // deleted by someone else meanwhile
                        continue;
                    }
                    if (!now.lastModifiedTime().equals(blob.lastUsed())) {
                        inUse++; // used since we looked: it is no longer the least recently used
                        continue;
                    }
                    Files.delete(blob.path());
                    total -= blob.size();
                    freed += blob.size();
                    evicted.add(blob.digest());
                } finally {
                    lock.releaseDelete();
                }
            }
        }
        int lockFiles = removeOrphanLockFiles();
        return new PruneResult(root, budgetBytes, blobs.size(), before, blobs.size() - evicted.size(), total,
                evicted, freed, inUse, staleTemps, lockFiles, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Hashes every blob again and deletes those whose content no longer matches their name (a disk
     * error, or someone wrote into a file linked from an output). A corrupt blob a running pull holds
     * is reported but left; run verify again when the pull has finished.
     */
    public VerifyResult verify() throws IOException, InterruptedException {
        long started = System.nanoTime();
        int staleTemps = removeStaleTemps();
        List<Digest> corruptRemoved = new ArrayList<>();
        List<Digest> corruptInUse = new ArrayList<>();
        List<Path> unexpected = new ArrayList<>();
        int checked = 0;
        long bytes = 0;
        for (StoredBlob blob : listBlobs(unexpected)) {
            try (BlobLocks.Blob lock = locks.open(blob.digest())) {
                BlobLocks.await(lock::tryUse);
                Boolean intact;
                try {
                    intact = hashMatches(blob);
                } finally {
                    lock.releaseUse();
                }
                if (intact == null) {
                    continue; // deleted meanwhile
                }
                checked++;
                bytes += blob.size();
                if (intact) {
                    continue;
                }
                if (!lock.tryDelete()) {
                    corruptInUse.add(blob.digest());
                    continue;
                }
                try {
                    if (Boolean.FALSE.equals(hashMatches(blob))) {
                        Files.deleteIfExists(blob.path());
                        corruptRemoved.add(blob.digest());
                    }
                } finally {
                    lock.releaseDelete();
                }
            }
        }
        return new VerifyResult(root, checked, bytes, corruptRemoved, corruptInUse, unexpected, staleTemps,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** How many blobs and bytes the store holds now. */
    public StoreUsage usage() throws IOException {
        List<StoredBlob> blobs = listBlobs();
        return new StoreUsage(root, blobs.size(), blobs.stream().mapToLong(StoredBlob::size).sum());
    }

    // ---- used by BlobLease and BlobWriter

    Path newTempFile(Digest digest) throws IOException {
        return Files.createTempFile(tmpDir(), digest.algorithm() + "-" + digest.hex() + "-", TEMP_SUFFIX);
    }

    /** Deletes the temp files of one blob; the caller holds its write lock. */
    void removeTempsOf(Digest digest) throws IOException {
        Path tmp = tmpDir();
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(tmp,
                digest.algorithm() + "-" + digest.hex() + "-*" + TEMP_SUFFIX)) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Makes a verified temp file read-only and moves it into place atomically. */
    Path install(Path verifiedTemp, Digest digest) throws IOException {
        Path target = pathOf(digest);
        Files.createDirectories(target.getParent());
        try {
            Files.setPosixFilePermissions(verifiedTemp, PosixFilePermissions.fromString("r--r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: no read-only bit worth setting here
        }
        try {
            Files.move(verifiedTemp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the blob store " + root + " is on a file system without atomic rename", e);
        }
        fsyncDirectory(target.getParent());
        return target;
    }

    /** Marks a blob as used now, for prune's least-recently-used order. */
    void touch(Path blob) {
        try {
            Files.setLastModifiedTime(blob, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // not the owner of the file: the blob just looks older to prune
        }
    }

    private Path tmpDir() {
        return root.resolve("tmp");
    }

    private static Digest digestOfTemp(String name) {
        if (!name.endsWith(TEMP_SUFFIX)) {
            return null;
        }
        int first = name.indexOf('-');
        int second = first < 0 ? -1 : name.indexOf('-', first + 1);
        if (second < 0) {
            return null;
        }
        try {
            return Digest.parseTrusted(name.substring(0, first) + ":" + name.substring(first + 1, second));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A file in tmp/ not named by this engine: deleted only once it is clearly abandoned. */
    private static boolean removeIfOld(Path file) throws IOException {
        BasicFileAttributes attributes = attributesOrNull(file);
        if (attributes == null || !attributes.isRegularFile()) {
            return false;
        }
        long age = System.currentTimeMillis() - attributes.lastModifiedTime().toMillis();
        return age > FOREIGN_TEMP_AGE.toMillis() && Files.deleteIfExists(file);
    }

    private int removeOrphanLockFiles() throws IOException {
        int[] removed = {0};
        locks.whileNoLockFileIsOpen(() -> {
            Path lockDir = root.resolve("locks");
            for (Path algorithmDir : list(lockDir)) {
                if (!Files.isDirectory(algorithmDir)) {
                    continue;
                }
                for (Path lockFile : list(algorithmDir)) {
                    String name = lockFile.getFileName().toString();
                    if (!name.endsWith(".lock")) {
                        continue;
                    }
                    Digest digest;
                    try {
                        digest = Digest.parseTrusted(algorithmDir.getFileName() + ":"
                                + name.substring(0, name.length() - ".lock".length()));
                    } catch (IllegalArgumentException e) {
                        continue;
                    }
                    if (!Files.exists(pathOf(digest))) {
                        removed[0] += Files.deleteIfExists(lockFile) ? 1 : 0;
                    }
                }
            }
        });
        return removed[0];
    }

    /** A blob in the store, as listed. */
    record StoredBlob(Digest digest, Path path, long size, FileTime lastUsed) {
    }

    private List<StoredBlob> listBlobs() throws IOException {
        return listBlobs(new ArrayList<>());
    }

    private List<StoredBlob> listBlobs(List<Path> unexpected) throws IOException {
        List<StoredBlob> blobs = new ArrayList<>();
        Path blobDir = root.resolve("blobs");
        if (!Files.isDirectory(blobDir)) {
            return blobs;
        }
        for (Path algorithmDir : list(blobDir)) {
            if (!Files.isDirectory(algorithmDir)) {
                unexpected.add(algorithmDir);
                continue;
            }
            for (Path file : list(algorithmDir)) {
                Digest digest;
                try {
                    digest = Digest.parseTrusted(algorithmDir.getFileName() + ":" + file.getFileName());
                } catch (IllegalArgumentException e) {
                    unexpected.add(file);
                    continue;
                }
                BasicFileAttributes attributes = attributesOrNull(file);
                if (attributes == null) {
                    continue;
                }
                if (!attributes.isRegularFile()) {
                    unexpected.add(file);
                    continue;
                }
                blobs.add(new StoredBlob(digest, file, attributes.size(), attributes.lastModifiedTime()));
            }
        }
        return blobs;
    }

    /** True if the content hashes to the blob's name, false if not, null if the file is gone. */
    private static Boolean hashMatches(StoredBlob blob) throws IOException {
        MessageDigest hash = blob.digest().newMessageDigest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(blob.path())) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                hash.update(buffer, 0, n);
            }
        } catch (NoSuchFileException gone) {
            return null;
        }
        return Digest.fromBytes(blob.digest().algorithm(), hash.digest()).equals(blob.digest());
    }

    private static List<Path> list(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException gone) {
            return entries;
        }
        entries.sort(Comparator.naturalOrder());
        return entries;
    }

    private static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // some file systems cannot fsync a directory; the rename is still atomic
        }
    }
}
