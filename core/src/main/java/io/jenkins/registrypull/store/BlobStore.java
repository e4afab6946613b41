package io.jenkins.registrypull.store;

import io.jenkins.registrypull.crypto.CryptoChoice;
import io.jenkins.registrypull.reference.Digest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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
 * <p>The store must be on a local file system (file locks and atomic rename). This class is the pulls' path
 * (lease, claim, install); {@link StoreMaintenance} does prune and verify, {@link StoreLayout} knows the names.
 */
public final class BlobStore {

    private final StoreLayout layout;
    private final BlobLocks locks;
    private final StoreMaintenance maintenance;
    private final Durability durability;
    private final CryptoChoice crypto;
    private final Writeback writeback;

    /** A store that hashes with the JDK's SHA-256 (pruning, verifying). */
    public BlobStore(Path root) {
        this(root, Durability.SYNC_EACH_BLOB);
    }

    /** @param durability whether writers sync each blob before its rename (only the benchmark turns it off) */
    public BlobStore(Path root, Durability durability) {
        this(root, durability, CryptoChoice.jdk(), Writeback.none());
    }

    /**
     * @param durability whether writers sync each blob before its rename (only the benchmark turns it off)
     * @param crypto     the SHA-256 its writers hash downloads with
     * @param writeback  how writers get a blob onto the disk before that sync; the caller closes it
     */
    public BlobStore(Path root, Durability durability, CryptoChoice crypto, Writeback writeback) {
        this.layout = new StoreLayout(root.toAbsolutePath().normalize());
        this.locks = new BlobLocks(layout.locksDir());
        this.maintenance = new StoreMaintenance(layout, locks);
        this.durability = durability;
        this.crypto = crypto;
        this.writeback = writeback;
    }

    /** A new digest of the blob's algorithm, from the store's crypto choice. */
    MessageDigest newHash(Digest digest) throws IOException {
        try {
            return crypto.messageDigest(digest.jcaAlgorithm());
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("the JVM lacks " + digest.jcaAlgorithm(), e);
        }
    }

    public Path root() {
        return layout.root();
    }

    Durability durability() {
        return durability;
    }

    Writeback writeback() {
        return writeback;
    }

    /** Where the verified blob lives (whether or not it exists yet). */
    public Path pathOf(Digest digest) {
        return layout.pathOf(digest);
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
        Files.createDirectories(layout.blobsDir());
        Files.createDirectories(layout.tmpDir());
        Files.createDirectories(layout.locksDir());
        try {
            removeStaleTemps();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while cleaning the blob store " + root(), e);
        }
        return new BlobLease(this, locks, notices);
    }

    /**
     * Creates a new store readable by its owner only (0700): images pulled with credentials are often private, and
     * the store must not show them to the machine's other users. An existing store keeps its permissions.
     */
    private void createPrivateRoot() throws IOException {
        Path root = layout.root();
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
        return maintenance.removeStaleTemps();
    }

    /**
     * Deletes the least recently used blobs until the store holds at most {@code budgetBytes},
     * skipping blobs a running pull holds. Also deletes stale temp files, and the lock files of
     * deleted blobs when no pull is running.
     */
    public PruneResult prune(long budgetBytes) throws IOException, InterruptedException {
        return maintenance.prune(budgetBytes);
    }

    /**
     * Hashes every blob again and deletes those whose content no longer matches their name (a disk
     * error, or someone wrote into a file linked from an output). A corrupt blob a running pull holds
     * is reported but left; run verify again when the pull has finished.
     */
    public VerifyResult verify() throws IOException, InterruptedException {
        return maintenance.verify();
    }

    /** How many blobs and bytes the store holds now. */
    public StoreUsage usage() throws IOException {
        List<StoreLayout.StoredBlob> blobs = layout.listBlobs(new ArrayList<>());
        return new StoreUsage(root(), blobs.size(), blobs.stream().mapToLong(StoreLayout.StoredBlob::size).sum());
    }

    // ---- used by BlobLease and BlobWriter

    Path newTempFile(Digest digest) throws IOException {
        return Files.createTempFile(layout.tmpDir(), StoreLayout.tempPrefix(digest), StoreLayout.TEMP_SUFFIX);
    }

    /** Deletes the temp files of one blob; the caller holds its write lock. */
    void removeTempsOf(Digest digest) throws IOException {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(layout.tmpDir(),
                StoreLayout.tempPrefix(digest) + "*" + StoreLayout.TEMP_SUFFIX)) {
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
            throw new IOException("the blob store " + root() + " is on a file system without atomic rename", e);
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

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // some file systems cannot fsync a directory; the rename is still atomic
        }
    }
}
